/** JSON-schema pieces shared by route groups. */

/** Querystring of routes that take no parameters; fastify's ajv (removeAdditional) drops unknown keys. */
export const NO_QUERY = { type: 'object', properties: {}, additionalProperties: false } as const;
