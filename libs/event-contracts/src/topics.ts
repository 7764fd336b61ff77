/** Default topic names (docs/product.md 4.1); `KAFKA_TOPIC_PREFIX` is prepended to every one of them. */
export const TOPICS = {
  contractCommands: 'contracts.commands',
  contractCommandsDlq: 'contracts.commands.dlq',
  contractEvents: 'contracts.events',
  invoices: 'invoicing.invoices',
  processRuns: 'invoicing.process-runs',
  invoicingDlq: 'invoicing.dlq',
  /** Invoice events the contracts service could not read into its view (same headers as the other DLQs). */
  contractInvoicesDlq: 'contracts.invoices.dlq',
} as const;

export type TopicKey = keyof typeof TOPICS;
export type TopicNames = { readonly [K in TopicKey]: string };

export function topicNames(prefix = ''): TopicNames {
  const entries = Object.entries(TOPICS).map(([key, name]) => [key, `${prefix}${name}`]);
  return Object.fromEntries(entries) as TopicNames;
}
