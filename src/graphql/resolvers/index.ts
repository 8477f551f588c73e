/** Every resolver, gathered: one file per GraphQL type (or small family of types). */
import type { Resolvers } from '../../generated/graphql.js';
import { Omission, Path, PathStep, Subgraph, TimelineItem, TimelineSubject } from './analysis.js';
import { Entity } from './entity.js';
import { Event } from './event.js';
import { Organization } from './organization.js';
import { Person } from './person.js';
import { Place } from './place.js';
import { Plant } from './plant.js';
import { Document, EntitySource, Evidence, Statement } from './provenance.js';
import { Query } from './query.js';
import { ChangeConnection, DuplicateCandidateConnection, EntityConnection, RelationConnection } from './connection.js';
import { Change } from './history.js';
import { DuplicateCandidate } from './duplicates.js';
import { Relation } from './relation.js';
import { EntityClaim, RelationClaim } from './claims.js';
import { IngestResult, Mutation } from './mutation.js';
import { DateTime, JSON, JSONObject, PartialDate } from './scalars.js';

export const resolvers: Resolvers = {
  PartialDate,
  JSONObject,
  DateTime,
  JSON,
  Change,
  ChangeConnection,
  Query,
  Mutation,
  IngestResult,
  Entity,
  Person,
  Organization,
  Plant,
  Place,
  Event,
  Relation,
  RelationConnection,
  EntityConnection,
  Evidence,
  Document,
  EntitySource,
  EntityClaim,
  RelationClaim,
  Statement,
  Subgraph,
  Omission,
  Path,
  PathStep,
  TimelineItem,
  TimelineSubject,
  DuplicateCandidate,
  DuplicateCandidateConnection,
};
