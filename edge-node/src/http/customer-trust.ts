import { timingSafeEqual } from 'node:crypto';
import { BranchlineError } from '@branchline/shared';
import type { CustomerTrust } from './conversation-routes.js';

/**
 * Who may speak for a verified customer: the channel gateway that authenticated them (bank app,
 * IVR) holding BRANCHLINE_CHANNEL_TOKEN. A demo edge without that token trusts its demo pages.
 */
export function customerTrust(channelToken: string | undefined, demo: boolean): CustomerTrust {
  const expected = channelToken ? Buffer.from(`Bearer ${channelToken}`) : undefined;
  return {
    assertVerified(authorization) {
      if (expected) {
        const given = Buffer.from(authorization ?? '');
        if (given.length !== expected.length || !timingSafeEqual(given, expected))
          throw new BranchlineError(
            'unauthenticated',
            'a verified customer needs the channel token (Authorization: Bearer ...)',
          );
        return;
      }
      if (demo) return;
      throw new BranchlineError(
        'forbidden',
        'this edge has no BRANCHLINE_CHANNEL_TOKEN, so it cannot trust a customerRef; set one for the channel gateway',
      );
    },
  };
}
