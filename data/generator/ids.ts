/**
 * Ids of generated records. Firms, parks and banks share one namespace (DATA_FORMAT),
 * so each kind has its own prefix; numbers are zero-padded so ids sort in
 * generation order.
 */
export const firmId = (f: number): string => `F${String(f + 1).padStart(7, '0')}`;
export const parkId = (p: number): string => `P${String(p + 1).padStart(2, '0')}`;
export const bankId = (b: number): string => `B${String(b + 1).padStart(2, '0')}`;
export const loanId = (l: number): string => `L${String(l + 1).padStart(8, '0')}`;
