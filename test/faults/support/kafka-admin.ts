import { Kafka } from 'kafkajs';
import { ServiceProcess } from './service-process';

/** The consumer group the invoicing projection logged at start (`consuming <topic> as <group>`). */
function projectionGroupOf(invoicing: ServiceProcess): string {
  const group = invoicing.lineMatching(/consuming \S+ as (\S+)/)?.[1];
  if (group === undefined) throw new Error(`${invoicing.name} never said which consumer group it joined`);
  return group;
}

/** Members of the projection's consumer group right now, as the broker's coordinator sees them. */
export async function projectionGroupMembers(kafka: Kafka, invoicing: ServiceProcess): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([projectionGroupOf(invoicing)]);
    return groups[0]?.members.length ?? 0;
  } finally {
    await admin.disconnect();
  }
}
