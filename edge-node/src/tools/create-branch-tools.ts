import type { BranchConnector } from '../connector/index.js';
import { bookTechnicianVisitTool } from './book-technician-visit.js';
import { changeDeliveryAddressTool } from './change-delivery-address.js';
import { orderStatusTool } from './order-status.js';
import { repaymentDateTool } from './repayment-date.js';
import type { BranchTool } from './tool.js';

/** Every branch business tool over one connector, keyed by the name the model calls it by. */
export function createBranchTools(connector: BranchConnector): Map<string, BranchTool> {
  const tools: BranchTool[] = [
    orderStatusTool(connector),
    changeDeliveryAddressTool(connector),
    repaymentDateTool(connector),
    bookTechnicianVisitTool(connector),
  ];
  return new Map(tools.map((tool) => [tool.name, tool]));
}
