// Identifiers: the records Attest creates are named by UUIDs (random, version 4); an id that
// is not one names nothing, and services answer not_found without asking the database.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` has the form of a UUID (any case). */
export const isUuid = (id: string): boolean => UUID.test(id);
