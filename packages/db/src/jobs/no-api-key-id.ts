/**
 * Stands for "no API key" in the unique indexes on (key, idempotency key) and (key, external id)
 * (migrations/0001_initial.sql), which spell the key `COALESCE(api_key_id, NO_API_KEY_ID)` so
 * jobs created without a key are unique among themselves too. Lookups must use the same
 * expression to be index scans.
 */
export const NO_API_KEY_ID = '00000000-0000-0000-0000-000000000000';
