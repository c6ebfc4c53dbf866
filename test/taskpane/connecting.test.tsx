/**
 * @jest-environment jsdom
 */
import { act, render, screen } from '@testing-library/react';
import { PANE } from '../../src/core/i18n/pane';
import { Connecting, SLOW_CONNECTION_MS } from '../../src/taskpane/Connecting';

afterEach(() => jest.useRealTimers());

describe('Connecting: what the pane shows inside Office until Office.js is ready', () => {
  test.each(['vi', 'en'] as const)('%s: the progress at once, and after a long wait what to do (still waiting)', (lang) => {
    jest.useFakeTimers();
    render(<Connecting lang={lang} />);
    expect(screen.getByText(PANE[lang].connecting)).toBeTruthy();
    expect(screen.queryByText(PANE[lang].connectingSlow)).toBeNull();
    act(() => jest.advanceTimersByTime(SLOW_CONNECTION_MS - 1));
    expect(screen.queryByText(PANE[lang].connectingSlow)).toBeNull();
    act(() => jest.advanceTimersByTime(1));
    expect(screen.getByRole('status').textContent).toBe(PANE[lang].connectingSlow);
    expect(screen.getByText(PANE[lang].connecting)).toBeTruthy();
  });

  test('the texts: Vietnamese by default, English beside it', () => {
    expect(PANE.vi.connecting).toBe('Đang kết nối với Excel…');
    expect(PANE.en.connecting).toBe('Connecting to Excel…');
  });
});
