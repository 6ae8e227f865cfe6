// The committee mail's deadline line (shared/app/committee-mail.ts deadlineLine): days left before the
// deadline, the last day, working days late after it, never a negative count.
import { describe, expect, it } from 'vitest';
import { deadlineLine } from '../../../shared/app/committee-mail.ts';

describe("the committee mail's deadline line", () => {
  it('counts the working days left, and names the last day', () => {
    expect(deadlineLine('vi', '2024-06-05', '2024-06-03')).toBe(
      'Hạn quyết định của cấp ủy: 05/06/2024 (còn 2 ngày làm việc).',
    );
    expect(deadlineLine('en', '2024-06-05', '2024-06-04')).toBe(
      "The committee's deadline: 05/06/2024 (1 working day left).",
    );
    expect(deadlineLine('en', '2024-06-05', '2024-06-05')).toBe(
      "The committee's deadline: 05/06/2024 (today is the last day).",
    );
    expect(deadlineLine('vi', '2024-06-05', '2024-06-05')).toBe(
      'Hạn quyết định của cấp ủy: 05/06/2024 (hôm nay là ngày cuối).',
    );
  });

  it('counts the working days late once past, as a positive number', () => {
    // due Wednesday, read Friday: Thursday and Friday
    expect(deadlineLine('vi', '2024-06-05', '2024-06-07')).toBe(
      'Hạn quyết định của cấp ủy: 05/06/2024 (đã quá hạn 2 ngày làm việc).',
    );
    expect(deadlineLine('en', '2024-06-05', '2024-06-07')).toBe(
      "The committee's deadline: 05/06/2024 (overdue by 2 working days).",
    );
    // due Friday, read on Saturday: late, though no working day has passed
    expect(deadlineLine('en', '2024-06-07', '2024-06-08')).toContain('(overdue by 1 working day)');
    // long past: the count of the restart test's mail, which once read "-630"
    expect(deadlineLine('vi', '2024-06-05', '2026-12-06')).toMatch(/\(đã quá hạn [1-9]\d* ngày làm việc\)/);
  });
});
