/**
 * How a Dataset is stored in Neo4j (docs/neo4j.md). One place lists every label,
 * relationship type and property so import, load and the
 * push-down queries cannot disagree, and Cypher is only ever built from these
 * constants (an allowlist): no label, type or property name comes from input data.
 *
 * Nodes:  (:Firm), (:Bank), (:Park), (:Financials), one (:Dataset) holding meta.
 * Edges:  (:Bank)-[:LOAN]->(:Firm), (:Firm)-[:GUARANTEES]->(:Firm),
 *         (:Firm)-[:SUPPLIES]->(:Firm), (:Firm|:Bank)-[:OWNS]->(:Firm),
 *         (:Firm)-[:IN_PARK]->(:Park), (:Firm)-[:REPORTED]->(:Financials).
 * Property types follow src/io/tables.ts: `int` fields as Neo4j Integer, `number`
 * fields as Float, text/date/enum as String, lists as String lists, booleans as Boolean.
 * Every row also stores `seq`, its position in its table, so a load returns rows
 * in the order they were imported and a round trip is exact.
 */
import type { TableName } from '../../model/schema.ts';
import type { FieldSpec } from '../fields.ts';
import { FIELDS } from '../tables.ts';

export const LABELS = ['Firm', 'Bank', 'Park', 'Financials', 'Dataset'] as const;
export type Label = (typeof LABELS)[number];
export const REL_TYPES = ['LOAN', 'GUARANTEES', 'SUPPLIES', 'OWNS', 'IN_PARK', 'REPORTED'] as const;
export type RelType = (typeof REL_TYPES)[number];

/** How one Dataset table is stored. Property types follow the field specs of src/io/tables.ts. */
export interface TableStorage {
  readonly table: TableName;
  /** Node label for node tables, relationship type for edge tables. */
  readonly kind: 'node' | 'rel';
  readonly name: Label | RelType;
  /** Fields that name the endpoints of a relationship table: [from, to]. */
  readonly ends?: readonly [string, string];
  /** Labels the endpoints may carry. */
  readonly endLabels?: readonly [readonly Label[], readonly Label[]];
  /** Fields stored as graph structure rather than properties (firms.park_id is IN_PARK). */
  readonly structural: readonly string[];
}

export const STORAGE: Record<TableName, TableStorage> = {
  parks: { table: 'parks', kind: 'node', name: 'Park', structural: [] },
  banks: { table: 'banks', kind: 'node', name: 'Bank', structural: [] },
  firms: { table: 'firms', kind: 'node', name: 'Firm', structural: ['park_id'] },
  loans: { table: 'loans', kind: 'rel', name: 'LOAN', ends: ['bank_id', 'borrower_id'], endLabels: [['Bank'], ['Firm']], structural: ['bank_id', 'borrower_id'] },
  guarantees: { table: 'guarantees', kind: 'rel', name: 'GUARANTEES', ends: ['guarantor_id', 'borrower_id'], endLabels: [['Firm'], ['Firm']], structural: ['guarantor_id', 'borrower_id'] },
  supply: { table: 'supply', kind: 'rel', name: 'SUPPLIES', ends: ['supplier_id', 'customer_id'], endLabels: [['Firm'], ['Firm']], structural: ['supplier_id', 'customer_id'] },
  ownership: { table: 'ownership', kind: 'rel', name: 'OWNS', ends: ['owner_id', 'owned_id'], endLabels: [['Firm', 'Bank'], ['Firm']], structural: ['owner_id', 'owned_id'] },
  // Financials keep firm_id as a property too: it is half of their key (firm_id, year).
  financials: { table: 'financials', kind: 'node', name: 'Financials', structural: [] },
};

/** The stored properties of a table: its field specs less the structural fields. */
export function storedFields(table: TableName): readonly FieldSpec[] {
  const structural = STORAGE[table].structural;
  return FIELDS[table].filter((f) => !structural.includes(f.name));
}

/** Position of the row in its table; every node and relationship of a dataset row carries it. */
export const SEQ = 'seq';
/** Unknown CSV columns (Extra) are kept as one JSON text property: Neo4j has no map-valued properties. */
export const EXTRA = 'extra_json';

/**
 * Constraints, created first (IF NOT EXISTS) so MERGE finds rows by index and a
 * second import cannot duplicate them. Firm, Bank and Park ids share one namespace
 * in the dataset; Neo4j checks uniqueness per label, the dataset validation checks
 * the shared namespace. Relationship uniqueness constraints need Neo4j ≥ 5.7.
 */
export const CONSTRAINTS: readonly string[] = [
  'CREATE CONSTRAINT xinlian_firm_id IF NOT EXISTS FOR (n:Firm) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT xinlian_bank_id IF NOT EXISTS FOR (n:Bank) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT xinlian_park_id IF NOT EXISTS FOR (n:Park) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT xinlian_financials_key IF NOT EXISTS FOR (n:Financials) REQUIRE (n.firm_id, n.year) IS UNIQUE',
  'CREATE CONSTRAINT xinlian_dataset_key IF NOT EXISTS FOR (n:Dataset) REQUIRE n.key IS UNIQUE',
  'CREATE CONSTRAINT xinlian_loan_id IF NOT EXISTS FOR ()-[r:LOAN]-() REQUIRE r.id IS UNIQUE',
  'CREATE CONSTRAINT xinlian_guarantee_id IF NOT EXISTS FOR ()-[r:GUARANTEES]-() REQUIRE r.id IS UNIQUE',
  // Firm.region is the filter of a region load.
  'CREATE INDEX xinlian_firm_region IF NOT EXISTS FOR (n:Firm) ON (n.region)',
];

/** Key of the single :Dataset node that holds the meta of the stored dataset. */
export const DATASET_KEY = 'meta';
