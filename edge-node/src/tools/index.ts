export { bookTechnicianVisitTool } from './book-technician-visit.js';
export { changeDeliveryAddressTool } from './change-delivery-address.js';
export { createBranchTools } from './create-branch-tools.js';
export { orderStatusTool } from './order-status.js';
export { repaymentDateTool } from './repayment-date.js';
export { runTool } from './run-tool.js';
export type { BranchTool, ToolContext, ToolLocale, ToolResult } from './tool.js';
