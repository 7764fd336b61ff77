import { CONFIG_VARIABLES } from './config-variables';
import { configTableMarkdown } from './config-table';

describe('configTableMarkdown', () => {
  const sut = configTableMarkdown();

  it('has one row per variable under a header', () => {
    expect(sut.split('\n')).toHaveLength(CONFIG_VARIABLES.length + 2);
  });

  it('shows defaults, and says when there is none', () => {
    expect(sut).toContain('| `KAFKA_BROKERS` | `127.0.0.1:9092` | contracts, invoicing |');
    expect(sut).toContain('| `API_KEYS` | unset |');
    expect(sut).toContain('| `KAFKA_TOPIC_PREFIX` | empty |');
  });
});
