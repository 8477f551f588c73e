/**
 * Validation rules of our own, run before execution with the document limits. A literal page size
 * out of range is bad input: it is named as such (BAD_USER_INPUT) before the cost limit, which
 * multiplies by it, refuses the document less helpfully.
 */
import { Kind, visit, type FieldNode, type ValidationContext, type ValidationRule } from 'graphql';
import { badUserInput } from '../errors.js';
import { outOfRangeMessage, sizingRange } from './arguments.js';

function checkPageSizes(context: ValidationContext, node: FieldNode, maxPageSize: number): void {
  for (const argument of node.arguments ?? []) {
    if (argument.value.kind !== Kind.INT) continue;
    const name = argument.name.value;
    const range = sizingRange(node.name.value, name, maxPageSize);
    if (range === undefined) continue;
    const value = Number(argument.value.value);
    if (value < range.min || value > range.max) {
      // The same message and code as a resolver gives for the same value sent as a variable.
      context.reportError(badUserInput(outOfRangeMessage(name, range, value), name, undefined, argument));
    }
  }
}

/** Refuses literal sizing arguments out of the ranges in arguments.ts; a plain `first` is 0 to the page size maximum. */
export function pageSizeRule(maxPageSize: number): ValidationRule {
  // The whole document is checked on entering it, so that these errors come before the cost limit's.
  return (context) => ({
    Document(document) {
      visit(document, { Field: (node) => checkPageSizes(context, node, maxPageSize) });
    },
  });
}
