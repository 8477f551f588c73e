/** Analysts read the schema in the playground: every type, field, argument and enum value is described. */
import { describe, expect, it } from 'vitest';
import { buildASTSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, parse } from 'graphql';
import { loadTypeDefs } from '../../src/graphql/schema.js';
import { LIMITS, loadConfig } from '../../src/config.js';
import { ARGUMENT_RANGES } from '../../src/graphql/arguments.js';

describe('schema descriptions', () => {
  it('describes every type, field, argument and enum value', () => {
    const schema = buildASTSchema(parse(loadTypeDefs().join('\n')));
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('states the limits the server applies (config.ts), so that analysts read the real ranges', () => {
    const schema = buildASTSchema(parse(loadTypeDefs().join('\n')));
    const query = schema.getQueryType()!.getFields();
    const described: string[] = [];
    for (const [field, args] of Object.entries(ARGUMENT_RANGES)) {
      for (const [argument, range] of Object.entries(args)) {
        const description = query[field]!.args.find((a) => a.name === argument)!.description ?? '';
        expect(description, `${field}(${argument})`).toContain(`${range.min} to ${range.max}`);
        described.push(`${field}(${argument})`);
      }
    }
    expect(described.length).toBeGreaterThan(0);
    expect(query.neighborhood!.description).toContain(`at most ${LIMITS.neighborhoodRelationsPerEntity}`);
    // A plain page size: the default maximum, as every `first` of a paged list says.
    const maxPageSize = loadConfig({}).maxPageSize;
    const pageSizes = Object.values(schema.getTypeMap()).flatMap((type) =>
      isObjectType(type) || isInterfaceType(type) ? Object.values(type.getFields()).flatMap((f) => f.args.filter((a) => a.description?.startsWith('Page size'))) : [],
    );
    expect(pageSizes.length).toBeGreaterThan(0);
    for (const arg of pageSizes) expect(arg.description).toBe(`Page size, at most ${maxPageSize}.`);
  });
});
