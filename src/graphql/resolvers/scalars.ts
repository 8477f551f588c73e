import { GraphQLScalarType, Kind } from 'graphql';
export { GraphQLJSONObject as JSONObject, GraphQLJSON as JSON, GraphQLDateTime as DateTime } from 'graphql-scalars';
import { parsePartialDate, PartialDateError } from '../../domain/partial-date.js';
import { badUserInput } from '../../errors.js';

function parse(value: unknown): string {
  if (typeof value !== 'string') {
    throw badUserInput('A PartialDate is a string such as "2024", "2024-H1", "2024-Q3", "2024-06" or "2024-06-15"');
  }
  try {
    return parsePartialDate(value).text;
  } catch (error) {
    if (error instanceof PartialDateError) throw badUserInput(error.message);
    throw error;
  }
}

/** PartialDate travels as its canonical text both ways. */
export const PartialDate = new GraphQLScalarType<string, string>({
  name: 'PartialDate',
  serialize: (value) => parse(value),
  parseValue: (value) => parse(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) return parse(undefined);
    return parse(ast.value);
  },
});
