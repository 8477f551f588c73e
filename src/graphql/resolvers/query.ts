import type { QueryResolvers } from '../../generated/graphql.js';
import { pageSize, searchText } from '../arguments.js';

export const Query: QueryResolvers = {
  entity: (_, { id }, { data }) => data.entity.load(id),
  relation: (_, { id }, { data }) => data.relation.load(id),
  statement: (_, { id }, { data }) => data.statement.load(id),
  document: (_, { id }, { data }) => data.document.load(id),
  documents: (_, __, { data }) => data.documents(),
  search: (_, { text, kinds, first }, { data, config }) =>
    data.search(searchText(text), kinds && kinds.length > 0 ? kinds : null, pageSize(first, 10, config.maxPageSize)),
};
