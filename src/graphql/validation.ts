/**
 * Validation rules of our own, run before execution with the document limits. A literal page size
 * out of range is bad input: it is named as such (BAD_USER_INPUT) before the cost limit, which
 * multiplies by it, refuses the document less helpfully.
 */
import { GraphQLError, Kind, visit, type FieldNode, type ValidationContext, type ValidationRule } from 'graphql';
import { ErrorCode } from '../errors.js';

function checkPageSizes(context: ValidationContext, node: FieldNode, maxPageSize: number, maxima: PageSizeMaxima): void {
  for (const argument of node.arguments ?? []) {
    if (argument.value.kind !== Kind.INT) continue;
    const max = maxima[node.name.value]?.[argument.name.value] ?? (argument.name.value === 'first' ? maxPageSize : undefined);
    if (max === undefined) continue;
    const value = Number(argument.value.value);
    if (value < 0 || value > max) {
      context.reportError(
        new GraphQLError(`"${argument.name.value}" of ${node.name.value} must be from 0 to ${max} (got ${value})`, {
          nodes: argument,
          extensions: { code: ErrorCode.BAD_USER_INPUT, argument: argument.name.value },
        }),
      );
    }
  }
}

export type PageSizeMaxima = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** Refuses literal sizing arguments out of range; `first` defaults to the page size maximum. */
export function pageSizeRule(maxPageSize: number, maxima: PageSizeMaxima): ValidationRule {
  // The whole document is checked on entering it, so that these errors come before the cost limit's.
  return (context) => ({
    Document(document) {
      visit(document, { Field: (node) => checkPageSizes(context, node, maxPageSize, maxima) });
    },
  });
}
