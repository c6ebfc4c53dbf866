/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { todayInVietnam } from '../../src/taskpane/DateField';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AppHost, CheckRequest, ConsolidateRequest, InsertRequest, RememberedHeader, StatusRequest } from '../../src/app/host';
import { problem } from '../../src/core/problems';
import { App } from '../../src/taskpane/App';
import { builtInRegistry } from '../../src/core/builtins';
import { consolidate } from '../../src/core/consolidate';
import { reportOf } from '../helpers/report';
import { MisuseError } from '../../src/core/errors';
import { WorkbookWriteError } from '../../src/excel/outputs';
import { TextDecoder as NodeTextDecoder, TextEncoder as NodeTextEncoder } from 'node:util';

// jsdom lacks the Encoding API every browser the pane runs in has (the roster is decoded in the pane)
Object.assign(globalThis, { TextEncoder: NodeTextEncoder, TextDecoder: NodeTextDecoder });

/** A host that records what the pane asks and answers what the test says. */
function fakeHost(mode: 'excel' | 'file', overrides: Partial<AppHost> = {}) {
  const calls: { insert: InsertRequest[]; check: CheckRequest[]; consolidate: ConsolidateRequest[]; select: unknown[]; status: StatusRequest[] } = {
    insert: [],
    check: [],
    consolidate: [],
    select: [],
    status: [],
  };
  let keptHeader: RememberedHeader | undefined;
  let keptTemplates: unknown[] = [];
  const host: AppHost = {
    mode,
    limitations: [],
    canDownload: true,
    rememberedHeader: async () => keptHeader,
    rememberedTemplates: async () => keptTemplates,
    rememberTemplates: async (t) => {
      keptTemplates = [...t];
    },
    status: async (r) => {
      calls.status.push(r);
      return {
        status: {
          today: r.today,
          ...(r.deadline ? { deadline: r.deadline } : {}),
          counts: { included: 1, excluded: 1, missing: 1 },
          rows: [
            { unitCode: 'C', unit: 'Xã C', status: 'missing', flags: [], reasons: [], errors: 0, warnings: 0, daysLate: 3, contacts: ['c@xa.vn'] },
            {
              unitCode: 'B',
              unit: 'Xã B',
              status: 'excluded',
              flags: [],
              reasons: ['rule.le'],
              file: 'B.xlsx',
              errors: 1,
              warnings: 0,
              daysLate: null,
              contacts: [''],
            },
            { unitCode: 'A', unit: 'Xã A', status: 'included', flags: [], reasons: [], file: 'A.xlsx', errors: 0, warnings: 0, daysLate: null, contacts: [''] },
          ],
        },
        contactHeaders: ['Email'],
        problems: [],
      };
    },
    rememberHeader: async (h) => {
      keptHeader = h;
    },
    narrativeInput: async () => {
      const registry = builtInRegistry();
      const template = registry.get('ct37', 1)!;
      const report = reportOf(template, { '4.3.a': 120, '4.3.b': 130, '2.1': 12, '2.2': 45 });
      const summary = consolidate(registry.list(), [{ report, problems: [] }])!;
      return { source: { template, rows: summary.rows, isSummary: false }, meta: { unit: 'Sở Nội vụ' }, problems: [] };
    },
    insert: async (r) => {
      calls.insert.push(r);
      return { name: 'PL SNV' };
    },
    check: async (r) => {
      calls.check.push(r);
      return {
        problems: [
          problem(
            'error',
            'rule.le',
            { file: 'a.xlsx', sheet: 'PL SNV', cell: 'D41' },
            {
              label: { vi: 'Số đơn thư khiếu nại đã giải quyết', en: 'Complaints resolved' },
              code: '4.3.a',
              value: 140,
              other: '4.3.b',
              otherValue: 130,
              otherLabel: { vi: 'Tổng số đơn thư khiếu nại phải giải quyết', en: 'Complaints to be resolved' },
            },
            '4.3.a',
          ),
          problem('warning', 'sheet.unitMissing', { file: 'a.xlsx', sheet: 'PL SNV', cell: 'D6' }),
        ],
        sheets: 1,
        marked: 2,
      };
    },
    consolidate: async (r, onProgress) => {
      calls.consolidate.push(r);
      onProgress?.(1, 2);
      return { problems: [] };
    },
    ...(mode === 'excel'
      ? {
          selectProblem: async (p) => {
            calls.select.push(p);
          },
          clearMarks: async () => undefined,
        }
      : {}),
    ...overrides,
  };
  return { host, calls };
}

/**
 * The result of the last action has the focus and is what the live region says: politely, or
 * assertively for an error (and then the polite region is silent). Returns the result's text.
 */
async function expectRevealed(urgency: 'polite' | 'assertive' = 'polite'): Promise<string> {
  // a tab may have more than one result region (Tổng hợp: the status and the consolidation): the one focused
  await waitFor(() => expect(view().getAllByTestId('outcome')).toContain(document.activeElement));
  const outcome = document.activeElement as HTMLElement;
  const text = outcome.textContent!.trim();
  expect(text).not.toBe('');
  await waitFor(() => expect(screen.getByTestId(`announce-${urgency}`).textContent).toBe(text));
  expect(screen.getByTestId(`announce-${urgency === 'polite' ? 'assertive' : 'polite'}`).textContent).toBe('');
  return text;
}

/** The tab in view: every tab stays mounted (keeping its state), the others hidden. */
const view = () => within(screen.getByRole('tabpanel'));

/** A button that cannot be pressed: disabled, or kept focusable and marked aria-disabled (so it can say why). */
const isDisabled = (button: HTMLElement) => (button as HTMLButtonElement).disabled || button.getAttribute('aria-disabled') === 'true';

/** The text a button's aria-describedby points at ('' when it has none). */
const description = (button: HTMLElement) =>
  (button.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');

describe('task pane', () => {
  test('four tabs in Vietnamese by default, English on request', async () => {
    render(<App host={fakeHost('file').host} />);
    const names = () => screen.getAllByRole('tab').map((t) => t.textContent!.slice(0, t.textContent!.length / 2 || undefined));
    expect(screen.getAllByRole('tab')).toHaveLength(4);
    for (const name of ['Tạo tệp phụ lục', 'Kiểm tra', 'Tổng hợp', 'Báo cáo']) expect(screen.getByRole('tab', { name })).toBeTruthy();
    expect(screen.getByText(/Chế độ tệp/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'EN – switch to English' }));
    for (const name of ['Create the appendix file', 'Check', 'Consolidate', 'Report']) expect(screen.getByRole('tab', { name })).toBeTruthy();
    expect(names()).toHaveLength(4);
  });

  test('insert sends the template, unit and period to the host and says where it went', async () => {
    const { host, calls } = fakeHost('excel');
    render(<App host={host} />);
    await userEvent.type(screen.getByLabelText('Tên đơn vị'), 'Sở Nội vụ');
    await userEvent.type(screen.getByLabelText('Mã đơn vị'), 'SNV');
    await userEvent.click(screen.getByRole('button', { name: 'Chèn phụ lục vào trang mới' }));
    await view().findByText('Đã chèn phụ lục vào trang "PL SNV".');
    // the result has the focus and is read out politely
    expect(await expectRevealed()).toBe('Đã chèn phụ lục vào trang "PL SNV".');
    expect(calls.insert).toEqual([
      { templateId: 'ct37', templateVersion: 1, meta: { unit: 'Sở Nội vụ', unitCode: 'SNV', from: '2017-05-11', to: '2022-05-30' }, lang: 'vi' },
    ]);
  });

  test('a period that ends before it starts cannot be inserted', async () => {
    render(<App host={fakeHost('file').host} />);
    fireEvent.change(screen.getByLabelText('Đến ngày'), { target: { value: '2010-01-01' } });
    expect(await view().findByText('Từ ngày phải trước đến ngày.')).toBeTruthy();
    expect(isDisabled(screen.getByRole('button', { name: 'Tạo tệp phụ lục (.xlsx)' }))).toBe(true);
  });

  test('check in Excel lists problems; a click on one selects its cell; keyboard works too', async () => {
    const { host, calls } = fakeHost('excel');
    render(<App host={host} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Kiểm tra' }));
    await userEvent.click(screen.getByRole('button', { name: 'Kiểm tra' }));
    await view().findByText('Đã kiểm tra 1 trang phụ lục: 1 lỗi, 1 cảnh báo. Đã đánh dấu 2 ô.');
    expect(await expectRevealed()).toBe('Đã kiểm tra 1 trang phụ lục: 1 lỗi, 1 cảnh báo. Đã đánh dấu 2 ô.');
    expect(calls.check[0]).toMatchObject({ scope: 'all', lang: 'vi' });
    const list = screen.getByRole('list');
    const items = within(list).getAllByRole('listitem');
    expect(items[0]!.textContent).toContain('Số đơn thư khiếu nại đã giải quyết (4.3.a) = 140 lớn hơn');
    expect(items[0]!.textContent).toContain('a.xlsx › PL SNV › D41');
    const first = within(items[0]!).getByRole('button');
    first.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(calls.select).toHaveLength(1));
    expect((calls.select[0] as { where: { cell: string } }).where.cell).toBe('D41');
    // selecting a cell is no result to announce: the focus stays on the problem
    expect(document.activeElement).toBe(first);
    await userEvent.click(screen.getByRole('button', { name: 'Xóa đánh dấu' }));
    expect(await expectRevealed()).toBe('Đã xóa các ô được đánh dấu.');
  });

  test('file mode: check needs files; picked files are passed with their bytes', async () => {
    const { host, calls } = fakeHost('file');
    render(<App host={host} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Kiểm tra' }));
    const button = screen.getByRole('button', { name: 'Kiểm tra' }) as HTMLButtonElement;
    expect(isDisabled(button)).toBe(true);
    // the disabled button says why, below it
    expect(description(button)).toBe('Chọn ít nhất một tệp.');
    expect(view().getByText('Chọn ít nhất một tệp.')).toBeTruthy();
    const input = screen.getByLabelText('Thêm tệp (.xlsx, .ods)', { selector: 'input' }) as HTMLInputElement;
    const file = new File([new Uint8Array([80, 75, 3, 4])], 'don-vi.xlsx');
    await act(async () => {
      await userEvent.upload(input, file);
    });
    await view().findByText('1 tệp, 0,01 MB');
    expect(description(screen.getByRole('button', { name: 'Kiểm tra' }))).toBe('');
    expect(view().queryByText('Chọn ít nhất một tệp.')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Kiểm tra' }));
    await waitFor(() => expect(calls.check).toHaveLength(1));
    expect(calls.check[0]!.scope).toBe('files');
    expect(Array.from(calls.check[0]!.files![0]!.bytes)).toEqual([80, 75, 3, 4]);
    expect(view().queryByText('Bấm vào một dòng để chọn ô có vấn đề.')).toBeNull(); // no cell to select in file mode
  });

  test('consolidate: options reach the host; a failure is shown with what to do', async () => {
    const { host, calls } = fakeHost('excel', {
      consolidate: async (r) => {
        calls.consolidate.push(r);
        throw new Error('Trang "Tổng hợp" đang được bảo vệ.');
      },
    });
    render(<App host={host} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Tổng hợp' }));
    await userEvent.type(screen.getByLabelText('Cơ quan tổng hợp'), 'Ban Dân vận Tỉnh ủy');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Vẫn tổng hợp đơn vị còn lỗi (không cộng các ô có lỗi)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Tổng hợp' }));
    // the error takes the focus and is said at once (assertive)
    const alert = await expectRevealed('assertive');
    expect(alert).toContain('Trang "Tổng hợp" đang được bảo vệ.');
    expect(alert).toContain('Hãy thử lại');
    expect(calls.consolidate[0]).toMatchObject({ includeWorkbook: true, includeInvalid: true, files: [], meta: { unit: 'Ban Dân vận Tỉnh ủy' } });
  });

  test("a bug (a host method rejecting with a MisuseError) is said in the pane's own words, the developer text kept as the detail", async () => {
    const { host } = fakeHost('excel', {
      consolidate: async () => {
        throw new MisuseError('unknown template ct99@1');
      },
    });
    render(<App host={host} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Tổng hợp' }));
    await userEvent.click(screen.getByRole('button', { name: 'Tổng hợp' }));
    const alert = await expectRevealed('assertive');
    expect(alert).toContain('Có lỗi trong Phụ lục');
    expect(alert).toContain('Chi tiết cho bộ phận hỗ trợ: MisuseError: unknown template ct99@1');
    expect(alert).toContain('Hãy thử lại');
    // in English, the pane's words are English and the detail the same
    await userEvent.click(screen.getByRole('button', { name: 'EN – switch to English' }));
    await userEvent.click(screen.getByRole('button', { name: 'Consolidate' }));
    const english = await expectRevealed('assertive');
    expect(english).toContain('Something is wrong inside Phụ lục');
    expect(english).toContain('Detail for support: MisuseError: unknown template ct99@1');
  });

  test('a user error from the host (WorkbookWriteError) still shows its own message, not the words for a bug', async () => {
    const { host } = fakeHost('excel', {
      consolidate: async () => {
        throw new WorkbookWriteError('Excel báo lỗi khi ghi vào sổ làm việc (GeneralException).', [], [], [], { cause: new Error('GeneralException') });
      },
    });
    render(<App host={host} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Tổng hợp' }));
    await userEvent.click(screen.getByRole('button', { name: 'Tổng hợp' }));
    const alert = await expectRevealed('assertive');
    expect(alert).toContain('Excel báo lỗi khi ghi vào sổ làm việc (GeneralException).');
    expect(alert).not.toContain('Có lỗi trong Phụ lục');
  });

  test('consolidate: the period typed as dd/mm/yyyy reaches the host as ISO dates; a wrong or half period is said and stops the button', async () => {
    const { host, calls } = fakeHost('excel');
    render(<App host={host} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Tổng hợp' }));
    const button = () => screen.getByRole('button', { name: 'Tổng hợp' }) as HTMLButtonElement;
    await userEvent.type(screen.getByLabelText('Kỳ tổng hợp: từ ngày (dd/mm/yyyy)'), '31/02/2023');
    expect(await view().findByText('Ngày không hợp lệ; nhập dạng ngày/tháng/năm, ví dụ 30/09/2023.')).toBeTruthy();
    expect(isDisabled(button())).toBe(true);
    expect(description(button())).toBe('Sửa kỳ tổng hợp ở trên.');
    await userEvent.clear(screen.getByLabelText('Kỳ tổng hợp: từ ngày (dd/mm/yyyy)'));
    await userEvent.type(screen.getByLabelText('Kỳ tổng hợp: từ ngày (dd/mm/yyyy)'), '01/10/2022');
    expect(await view().findByText('Cần cả từ ngày và đến ngày, hoặc để trống cả hai.')).toBeTruthy();
    expect(isDisabled(button())).toBe(true);
    await userEvent.type(screen.getByLabelText('Đến ngày (dd/mm/yyyy)'), '30/09/2023');
    expect(isDisabled(button())).toBe(false);
    expect(description(button())).toBe('');
    await userEvent.click(button());
    await waitFor(() => expect(calls.consolidate).toHaveLength(1));
    expect(calls.consolidate[0]).toMatchObject({ period: { from: '2022-10-01', to: '2023-09-30' } });
    // nothing consolidated (the fake host's answer) is said at once
    expect(await expectRevealed('assertive')).toBe('Không có đơn vị nào được tổng hợp; xem danh sách vấn đề bên dưới.');
  });

  test('consolidate: a picked roster is read at once and summarised under the picker, then passed to the host as picked', async () => {
    const { host, calls } = fakeHost('file');
    render(<App host={host} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Tổng hợp' }));
    const input = screen.getByLabelText('Danh sách đơn vị (.csv, .xlsx: Mã đơn vị, Tên đơn vị)', { selector: 'input' }) as HTMLInputElement;
    const csv = new TextEncoder().encode('STT;Mã đơn vị;Tên đơn vị\n1;X01;Xã 1\n2;X02;Xã 2\n3;X01;Xã 1 (lặp)\n');
    await act(async () => {
      await userEvent.upload(input, new File([csv], 'danh-sach.csv', { type: 'text/csv' }));
    });
    const summary = await screen.findByRole('status');
    expect(summary.textContent).toContain('2 đơn vị');
    expect(summary.textContent).toContain('dòng 4 có mã X01 trùng với dòng 2');
    await act(async () => {
      await userEvent.upload(input, new File([new TextEncoder().encode('Số,Họ tên\n1,A\n')], 'sai.csv', { type: 'text/csv' }));
    });
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Không đọc được danh sách đơn vị: không thấy cột mã đơn vị hoặc tên đơn vị'));
    expect(screen.getByRole('status').textContent).not.toContain('2 đơn vị');
    await act(async () => {
      await userEvent.upload(
        screen.getByLabelText('Thêm tệp của đơn vị (.xlsx, .ods)', { selector: 'input' }) as HTMLInputElement,
        new File([new Uint8Array([80, 75, 3, 4])], 'x01.xlsx'),
      );
    });
    await userEvent.click(screen.getByRole('button', { name: 'Tổng hợp' }));
    await waitFor(() => expect(calls.consolidate).toHaveLength(1));
    expect(calls.consolidate[0]!.roster!.name).toBe('sai.csv');
    expect(new TextDecoder().decode(calls.consolidate[0]!.roster!.bytes)).toBe('Số,Họ tên\n1,A\n');
  });

  test('report: the sentences with the figures, copied as HTML and text', async () => {
    const written: ClipboardItem[] = [];
    class FakeClipboardItem {
      constructor(readonly items: Record<string, Blob>) {}
    }
    Object.assign(window, { ClipboardItem: FakeClipboardItem });
    Object.defineProperty(navigator, 'clipboard', { value: { write: async (items: ClipboardItem[]) => void written.push(...items) }, configurable: true });
    const { host } = fakeHost('excel');
    render(<App host={host} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Báo cáo' }));
    await userEvent.click(screen.getByRole('button', { name: 'Viết báo cáo' }));
    const preview = await screen.findByRole('article', { name: 'Xem trước báo cáo' });
    expect(await expectRevealed()).toBe('Đã viết các đoạn văn của báo cáo; xem trước ở bên dưới.');
    expect(preview.textContent).toContain('Kết quả giải quyết đơn thư khiếu nại: 120/130 đơn, đạt 92,31%.');
    expect(preview.textContent).toContain('Tổng số đoàn kiểm tra: 12 đoàn; tổng số đơn vị cơ sở được kiểm tra: 45 đơn vị.');
    await userEvent.click(screen.getByRole('button', { name: 'Sao chép đoạn văn' }));
    await view().findByText('Đã sao chép; dán vào báo cáo (Ctrl+V).');
    expect(await expectRevealed()).toBe('Đã sao chép; dán vào báo cáo (Ctrl+V).');
    const item = written[0] as unknown as FakeClipboardItem;
    expect(Object.keys(item.items).sort()).toEqual(['text/html', 'text/plain']);
    expect(screen.getByRole('button', { name: 'Tải báo cáo .docx' })).toBeTruthy();
  });

  test('report where the host cannot download: text and sheet are offered instead', async () => {
    const { host } = fakeHost('excel');
    render(<App host={{ ...host, canDownload: false, insertNarrative: async () => ({ name: 'Báo cáo' }) }} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Báo cáo' }));
    await userEvent.click(screen.getByRole('button', { name: 'Viết báo cáo' }));
    await screen.findByRole('article');
    expect(screen.queryByRole('button', { name: 'Tải báo cáo .docx' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Ghi vào trang mới' }));
    await view().findByText('Đã ghi các đoạn văn vào trang "Báo cáo".');
    expect(await expectRevealed()).toBe('Đã ghi các đoạn văn vào trang "Báo cáo".');
  });

  test('disabled buttons say why: no file to consolidate, no file to report on, dates in the wrong order', async () => {
    const { host } = fakeHost('file');
    render(<App host={host} />);
    const insert = screen.getByRole('button', { name: 'Tạo tệp phụ lục (.xlsx)' });
    expect(description(insert)).toBe('');
    fireEvent.change(screen.getByLabelText('Đến ngày'), { target: { value: '2010-01-01' } });
    expect(description(insert)).toBe('Sửa ngày ở trên: từ ngày phải trước đến ngày.');
    await userEvent.click(screen.getByRole('tab', { name: 'Tổng hợp' }));
    expect(description(screen.getByRole('button', { name: 'Tổng hợp' }))).toBe('Chọn ít nhất một tệp.');
    await userEvent.click(screen.getByRole('tab', { name: 'Báo cáo' }));
    expect(description(screen.getByRole('button', { name: 'Viết báo cáo' }))).toBe('Chọn một tệp.');
    await userEvent.click(screen.getByRole('button', { name: 'EN – switch to English' }));
    expect(description(screen.getByRole('button', { name: 'Write the report' }))).toBe('Choose a file.');
  });

  test('in Excel, nothing to consolidate is said in the pane’s words', async () => {
    const { host } = fakeHost('excel');
    render(<App host={host} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Tổng hợp' }));
    expect(description(screen.getByRole('button', { name: 'Tổng hợp' }))).toBe('');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Các trang phụ lục trong sổ này' }));
    expect(description(screen.getByRole('button', { name: 'Tổng hợp' }))).toBe('Chọn các trang phụ lục trong sổ này hoặc thêm tệp.');
  });

  test('problems tell the pane’s user what to do with the pane’s controls, never command-line options', async () => {
    const { host } = fakeHost('excel', {
      consolidate: async () => ({
        problems: [
          problem('error', 'consolidate.invalidExcluded', { file: 'c.xlsx', sheet: 'PL', cell: 'D4' }, { unit: 'Xã C', errors: 2 }),
          problem('error', 'consolidate.periodTie', {}, { periods: '2023: 2; 2022: 2' }),
        ],
      }),
    });
    render(<App host={host} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Tổng hợp' }));
    await userEvent.click(screen.getByRole('button', { name: 'Tổng hợp' }));
    const list = await screen.findByRole('list');
    expect(list.textContent).toContain('(chọn ô “Vẫn tổng hợp đơn vị còn lỗi” để tổng hợp các ô không có lỗi)');
    expect(list.textContent).toContain('Hãy ghi kỳ tổng hợp (ghi ô “Kỳ tổng hợp: từ ngày” và “Đến ngày”).');
    expect(list.textContent).not.toMatch(/--[a-z]/);
    await userEvent.click(screen.getByRole('button', { name: 'EN – switch to English' }));
    expect(screen.getByRole('list').textContent).toContain('(tick “Include units that still have errors” to add its cells that have no error)');
    expect(screen.getByRole('list').textContent).toContain('Give it (fill in “Summary period: from” and “To”).');
  });

  test('what the host lacks is said up front', () => {
    render(<App host={{ ...fakeHost('excel').host, limitations: ['Không có kiểm tra dữ liệu (ExcelApi 1.8)'] }} />);
    expect(screen.getByText(/thiếu một số tính năng: Không có kiểm tra dữ liệu/)).toBeTruthy();
  });
});

describe('dates as people in Việt Nam write them', () => {
  test('the period shows dd/mm/yyyy, takes what is typed that way, and says when a date is not one', async () => {
    const { host, calls } = fakeHost('file');
    render(<App host={host} />);
    const from = screen.getByLabelText('Từ ngày') as HTMLInputElement;
    expect(from.value).toBe('11/05/2017'); // 11 May, not 5 November
    await userEvent.clear(from);
    await userEvent.type(from, '31/02/2023');
    expect(await view().findByText('Ngày không hợp lệ; nhập dạng ngày/tháng/năm, ví dụ 30/09/2023.')).toBeTruthy();
    expect(isDisabled(screen.getByRole('button', { name: 'Tạo tệp phụ lục (.xlsx)' }))).toBe(true);
    await userEvent.clear(from);
    await userEvent.type(from, '1/10/2016');
    await userEvent.click(screen.getByRole('button', { name: 'Tạo tệp phụ lục (.xlsx)' }));
    await waitFor(() => expect(calls.insert).toHaveLength(1));
    expect(calls.insert[0]!.meta).toMatchObject({ from: '2016-10-01', to: '2022-05-30' });
  });

  test('the report is dated today in Việt Nam, not in UTC', () => {
    // 20:00 UTC on 1 December is 03:00 on 2 December in Hà Nội
    expect(todayInVietnam(new Date(Date.UTC(2026, 11, 1, 20, 0)))).toBe('2026-12-02');
    expect(todayInVietnam(new Date(Date.UTC(2026, 11, 1, 10, 0)))).toBe('2026-12-01');
  });
});

describe('a secretariat’s sequence in one pane', () => {
  const file = (name: string, size = 4) => new File([new Uint8Array(size).fill(7)], name);
  const pick = async (label: string, files: File[]) => {
    const input = view().getByLabelText(label, { selector: 'input' }) as HTMLInputElement;
    await act(async () => {
      await userEvent.upload(input, files);
    });
  };

  test('picks add up; a file of the same name replaces the older; any file can be removed; the list is summed up in one line', async () => {
    const { host, calls } = fakeHost('file');
    render(<App host={host} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Kiểm tra' }));
    await pick('Thêm tệp (.xlsx, .ods)', [file('a.xlsx'), file('b.xlsx')]);
    await pick('Thêm tệp (.xlsx, .ods)', [file('c.xlsx'), file('a.xlsx', 8)]);
    const state = await view().findByText(/^3 tệp, /);
    expect(state.textContent).toBe('3 tệp, 0,01 MB');
    // what happened is said
    await waitFor(() => expect(screen.getByTestId('announce-polite').textContent).toBe('Đã thêm 1 tệp, thay 1 tệp cùng tên; tất cả 3 tệp.'));
    // the button says how many are picked, not 200 names
    expect(description(screen.getByRole('button', { name: 'Thêm tệp (.xlsx, .ods)' }))).toBe('3 tệp, 0,01 MB');
    await userEvent.click(screen.getByRole('button', { name: 'Xem danh sách' }));
    const list = view().getByRole('region', { name: 'Các tệp đã chọn' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent!.replace('✕', '')),
    ).toEqual(['b.xlsx', 'c.xlsx', 'a.xlsx']);
    await userEvent.click(within(list).getByRole('button', { name: 'Bỏ tệp b.xlsx' }));
    expect(view().getByText(/^2 tệp, /)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Kiểm tra' }));
    await waitFor(() => expect(calls.check).toHaveLength(1));
    expect(calls.check[0]!.files!.map((f) => [f.name, f.bytes.length])).toEqual([
      ['c.xlsx', 4],
      ['a.xlsx', 8],
    ]);
    // after the check, the files with errors are counted and marked in the list
    expect(await view().findByText('2 tệp, 0,01 MB, 1 tệp có lỗi')).toBeTruthy();
    const row = within(view().getByRole('region', { name: 'Các tệp đã chọn' }))
      .getByText('a.xlsx')
      .closest('li')!;
    expect(row.textContent).toContain('1 lỗi');
  });

  test('200 files: the list shows only the rows in view, and scrolls', async () => {
    const { host } = fakeHost('file');
    render(<App host={host} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Tổng hợp' }));
    await pick(
      'Thêm tệp của đơn vị (.xlsx, .ods)',
      Array.from({ length: 200 }, (_, i) => file(`don-vi-${String(i).padStart(3, '0')}.xlsx`)),
    );
    expect(await view().findByText('200 tệp, 0,01 MB')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Xem danh sách' }));
    const rows = within(view().getByRole('region', { name: 'Các tệp đã chọn' })).getAllByRole('listitem');
    expect(rows.length).toBeLessThan(20);
    expect(rows[0]!.getAttribute('aria-setsize')).toBe('200');
  });

  test('files dropped on the pane are added to the tab in view; on a tab that takes none, it says so', async () => {
    const { host } = fakeHost('file');
    render(<App host={host} />);
    const main = screen.getByRole('main');
    const drop = (files: File[]) => fireEvent.drop(main, { dataTransfer: { files, types: ['Files'] } });
    drop([file('x.xlsx')]);
    await waitFor(() => expect(screen.getByTestId('announce-assertive').textContent).toContain('Thẻ này không nhận tệp'));
    await userEvent.click(screen.getByRole('tab', { name: 'Tổng hợp' }));
    drop([file('x.xlsx'), file('y.xlsx')]);
    expect(await view().findByText('2 tệp, 0,01 MB')).toBeTruthy();
  });

  test('switching tabs keeps picks and results; the summary just made goes to Báo cáo in one click', async () => {
    const registry = builtInRegistry();
    const template = registry.get('ct37', 1)!;
    const summary = consolidate(registry.list(), [{ report: reportOf(template, { '4.3.a': 120, '4.3.b': 130 }), problems: [] }])!;
    const asked: { file?: { name: string } }[] = [];
    const { host } = fakeHost('file', {
      consolidate: async () => ({
        summary,
        problems: [],
        name: 'tong-hop-ct37.xlsx',
        download: { fileName: 'tong-hop-ct37.xlsx', mimeType: 'x', bytes: new Uint8Array([1, 2, 3]) },
      }),
      narrativeInput: async (request) => {
        asked.push(request);
        return { source: { template, rows: summary.rows, isSummary: true }, meta: {}, problems: [] };
      },
    });
    Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => undefined });
    render(<App host={host} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Tổng hợp' }));
    await pick('Thêm tệp của đơn vị (.xlsx, .ods)', [file('a.xlsx')]);
    await userEvent.click(screen.getByRole('button', { name: 'Tổng hợp' }));
    expect(await expectRevealed()).toContain('Đã tổng hợp 1/1 đơn vị.');
    await userEvent.click(screen.getByRole('tab', { name: 'Tạo tệp phụ lục' }));
    await userEvent.click(screen.getByRole('tab', { name: 'Tổng hợp' }));
    // the pick and the result are still there
    expect(view().getByText('1 tệp, 0,01 MB')).toBeTruthy();
    expect(
      view()
        .getAllByTestId('outcome')
        .some((o) => o.textContent?.includes('Đã tổng hợp 1/1 đơn vị.')),
    ).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Viết báo cáo từ bản tổng hợp này' }));
    expect(screen.getByRole('tab', { name: 'Báo cáo' }).getAttribute('aria-selected')).toBe('true');
    const preview = await view().findByRole('article', { name: 'Xem trước báo cáo' });
    expect(preview.textContent).toContain('120/130 đơn, đạt 92,31%');
    expect(asked.map((r) => r.file?.name)).toEqual(['tong-hop-ct37.xlsx']);
    expect(view().getByText('tong-hop-ct37.xlsx')).toBeTruthy();
  });

  test('the report’s header comes first, is remembered when the .docx is made, and is offered again next time', async () => {
    const { host } = fakeHost('excel');
    const saved: Blob[] = [];
    Object.assign(URL, { createObjectURL: (b: Blob) => (saved.push(b), 'blob:x'), revokeObjectURL: () => undefined });
    const first = render(<App host={host} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Báo cáo' }));
    const fields = view()
      .getAllByRole('textbox')
      .map((t) => t.getAttribute('id'));
    const label = (name: string) => view().getByLabelText(name);
    // header fields before the action that writes the report
    expect(fields.indexOf(label('Cơ quan ban hành').id)).toBeLessThan(fields.length);
    expect(
      label('Cơ quan ban hành').compareDocumentPosition(screen.getByRole('button', { name: 'Viết báo cáo' })) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    await userEvent.type(label('Cơ quan cấp trên (nếu có)'), 'Tỉnh ủy Ninh Thuận');
    await userEvent.type(label('Số văn bản'), '15/BC-BDV');
    await userEvent.type(label('Nơi nhận (mỗi dòng một nơi; thêm "Lưu VP" nếu chưa có dòng "Lưu")'), 'Thường trực Tỉnh ủy{Enter}{Enter}Lưu VP');
    await userEvent.type(label('Thẩm quyền ký (ví dụ T/M BAN THƯỜNG VỤ, KT. TRƯỞNG BAN)'), 'KT. TRƯỞNG BAN');
    await userEvent.type(label('Chức vụ người ký'), 'PHÓ TRƯỞNG BAN');
    await userEvent.type(label('Họ tên người ký'), 'Nguyễn Văn A');
    await userEvent.click(screen.getByRole('button', { name: 'Viết báo cáo' }));
    await view().findByRole('article', { name: 'Xem trước báo cáo' });
    // the .docx is the primary action; the preview can be reached by keyboard
    const docx = screen.getByRole('button', { name: 'Tải báo cáo .docx' });
    // (Fluent's classes are atomic: a primary button has the classes of the other primary button, not those of "Sao chép")
    const classes = (name: string) => screen.getByRole('button', { name }).className;
    expect(docx.className).toBe(classes('Viết báo cáo'));
    expect(docx.className).not.toBe(classes('Sao chép đoạn văn'));
    expect(view().getByRole('article', { name: 'Xem trước báo cáo' }).tabIndex).toBe(0);
    await userEvent.click(docx);
    expect(await expectRevealed()).toBe('Đã tạo báo cáo .docx.');
    expect(await host.rememberedHeader()).toEqual({
      body: 'Sở Nội vụ',
      parentBody: 'Tỉnh ủy Ninh Thuận',
      number: '15/BC-BDV',
      recipients: ['Thường trực Tỉnh ủy', 'Lưu VP'],
      signerAuthority: 'KT. TRƯỞNG BAN',
      signerTitle: 'PHÓ TRƯỞNG BAN',
      signer: 'Nguyễn Văn A',
    });
    // the .docx carries the closing block
    const { unzipSync, strFromU8 } = await import('fflate');
    // jsdom's Blob has no arrayBuffer(): read it as old WebViews do
    const written = await new Promise<Uint8Array>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
      reader.readAsArrayBuffer(saved.at(-1)!);
    });
    const xml = strFromU8(unzipSync(written)['word/document.xml']!);
    for (const text of ['Thường trực Tỉnh ủy', 'Lưu VP', 'KT. TRƯỞNG BAN', 'PHÓ TRƯỞNG BAN', 'Nguyễn Văn A']) expect(xml).toContain(text);
    first.unmount();
    render(<App host={host} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Báo cáo' }));
    await waitFor(() => expect((view().getByLabelText('Cơ quan cấp trên (nếu có)') as HTMLInputElement).value).toBe('Tỉnh ủy Ninh Thuận'));
    expect((view().getByLabelText('Số văn bản') as HTMLInputElement).value).toBe('15/BC-BDV');
    expect((view().getByLabelText('Họ tên người ký') as HTMLInputElement).value).toBe('Nguyễn Văn A');
    expect((view().getByLabelText(/^Nơi nhận/) as HTMLTextAreaElement).value).toBe('Thường trực Tỉnh ủy\nLưu VP');
  });

  test('the same period before, picked on Tổng hợp and on Báo cáo, reaches the host', async () => {
    const asked: { previous?: { name: string } }[] = [];
    const { host, calls } = fakeHost('file', {
      narrativeInput: async (request) => {
        asked.push(request);
        return { meta: {}, problems: [] };
      },
    });
    render(<App host={host} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Tổng hợp' }));
    const previousLabel = 'Cùng kỳ để so sánh (tùy chọn): bản tổng hợp hoặc phụ lục kỳ trước (.xlsx, .ods)';
    await pick('Thêm tệp của đơn vị (.xlsx, .ods)', [file('a.xlsx')]);
    await pick(previousLabel, [file('tong-hop-2022.xlsx')]);
    await userEvent.click(screen.getByRole('button', { name: 'Tổng hợp' }));
    await waitFor(() => expect(calls.consolidate).toHaveLength(1));
    expect(calls.consolidate[0]!.previous?.name).toBe('tong-hop-2022.xlsx');
    await userEvent.click(screen.getByRole('tab', { name: 'Báo cáo' }));
    await pick('Chọn tệp tổng hợp hoặc phụ lục (.xlsx, .ods)', [file('tong-hop-2023.xlsx')]);
    await pick(previousLabel, [file('tong-hop-2022.xlsx')]);
    await userEvent.click(screen.getByRole('button', { name: 'Viết báo cáo' }));
    await waitFor(() => expect(asked).toHaveLength(1));
    expect(asked[0]!.previous?.name).toBe('tong-hop-2022.xlsx');
  });

  test('Tình hình nộp: the picked files against the roster and the deadline, the units to chase first, before consolidating', async () => {
    const { host, calls } = fakeHost('file');
    render(<App host={host} />);
    await userEvent.click(screen.getByRole('tab', { name: 'Tổng hợp' }));
    const button = screen.getByRole('button', { name: 'Xem tình hình nộp' });
    expect(description(button)).toBe('Chọn danh sách đơn vị.');
    await pick('Thêm tệp của đơn vị (.xlsx, .ods)', [file('A.xlsx'), file('B.xlsx')]);
    await pick('Danh sách đơn vị (.csv, .xlsx: Mã đơn vị, Tên đơn vị)', [
      new File(['Mã đơn vị,Tên đơn vị,Email\nA,Xã A,\nB,Xã B,\nC,Xã C,c@xa.vn\n'], 'ds.csv'),
    ]);
    await userEvent.type(view().getByLabelText('Hạn nộp (dd/mm/yyyy, tùy chọn)'), '10/10/2023');
    await userEvent.click(screen.getByRole('button', { name: 'Xem tình hình nộp' }));
    await waitFor(() => expect(calls.status).toHaveLength(1));
    expect(calls.status[0]).toMatchObject({ deadline: '2023-10-10', includeWorkbook: false });
    expect(calls.status[0]!.files.map((f) => f.name)).toEqual(['A.xlsx', 'B.xlsx']);
    const region = await view().findByRole('region', { name: 'Tình hình nộp' });
    const items = within(region)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items[0]).toContain('C – Xã C — Chưa nộp');
    expect(items[0]).toContain('quá hạn 3 ngày');
    expect(items[0]).toContain('Email: c@xa.vn');
    expect(items[1]).toContain('B – Xã B — Đã nhận, chưa tổng hợp');
    expect(region.textContent).toContain('1 đã nộp và tổng hợp được, 1 đã nộp nhưng chưa tổng hợp được, 1 chưa nộp.');
  });

  test('Gửi mẫu: one protected workbook per roster unit, as one .zip, with the period and the deadline', async () => {
    const saved: Blob[] = [];
    Object.assign(URL, { createObjectURL: (b: Blob) => (saved.push(b), 'blob:x'), revokeObjectURL: () => undefined });
    const { host } = fakeHost('file');
    render(<App host={host} />);
    const button = screen.getByRole('button', { name: 'Tạo bộ tệp cho các đơn vị (.zip)' });
    expect(description(button)).toBe('Chọn danh sách đơn vị.');
    await pick('Danh sách đơn vị nhận mẫu (.csv, .xlsx: Mã đơn vị, Tên đơn vị)', [
      new File(['Mã đơn vị;Tên đơn vị\nSNV;Sở Nội vụ\nSTC;Sở Tài chính\n'], 'ds.csv'),
    ]);
    await userEvent.type(view().getByLabelText('Hạn nộp (dd/mm/yyyy, tùy chọn)'), '15/10/2022');
    await userEvent.click(screen.getByRole('button', { name: 'Tạo bộ tệp cho các đơn vị (.zip)' }));
    expect(await expectRevealed()).toBe('Đã tạo 2 tệp trong phu-luc-ct37-2017-05-11-2022-05-30.zip.');
    const bytes = await new Promise<Uint8Array>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
      reader.readAsArrayBuffer(saved.at(-1)!);
    });
    const { unzipSync } = await import('fflate');
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual(['SNV.xlsx', 'STC.xlsx']);
    const { checkWorkbook } = await import('../../src/xlsx/check');
    const checked = checkWorkbook(files['SNV.xlsx']!, 'SNV.xlsx', builtInRegistry());
    expect(checked.sheets[0]!.report!.meta).toEqual({ unit: 'Sở Nội vụ', unitCode: 'SNV', from: '2017-05-11', to: '2022-05-30' });
    const { strFromU8 } = await import('fflate');
    const sheet = strFromU8(unzipSync(files['SNV.xlsx']!)['xl/worksheets/sheet1.xml']!);
    expect(sheet).toContain('<sheetProtection');
  });

  test('a user’s template loaded from a .json: listed, chosen, remembered; a wrong one says what is wrong', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const ct37 = JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/core/templates/ct37.json'), 'utf8'));
    const mine = { ...ct37, id: 'kiem-tra-huyen', version: 2, title: { vi: 'Phụ lục kiểm tra của huyện' } };
    const { host, calls } = fakeHost('file');
    const first = render(<App host={host} />);
    const label = 'Tải mẫu của người dùng (.json, hoặc bảng thiết kế mẫu .xlsx)';
    await pick(label, [new File([JSON.stringify({ ...mine, rows: [{ code: '1', kind: 'tong', label: { vi: 'X' } }] })], 'sai.json')]);
    const wrong = await expectRevealed('assertive');
    expect(wrong).toContain('rows[0].kind');
    await pick(label, [new File([JSON.stringify(mine)], 'mau.json')]);
    expect(await expectRevealed()).toBe('Đã tải mẫu "Phụ lục kiểm tra của huyện" (kiem-tra-huyen@2); mẫu được nhớ cho lần sau.');
    const select = view().getByLabelText('Mẫu phụ lục') as HTMLSelectElement;
    expect(select.value).toBe('kiem-tra-huyen@2');
    expect([...select.options].map((o) => o.textContent)).toContain('Phụ lục kiểm tra của huyện (mẫu đã tải)');
    await userEvent.click(screen.getByRole('button', { name: 'Tạo tệp phụ lục (.xlsx)' }));
    await waitFor(() => expect(calls.insert).toHaveLength(1));
    expect(calls.insert[0]!.template?.id).toBe('kiem-tra-huyen');
    // next time: the kept template is there again
    first.unmount();
    render(<App host={host} />);
    await waitFor(() => expect([...(view().getByLabelText('Mẫu phụ lục') as HTMLSelectElement).options].map((o) => o.value)).toContain('kiem-tra-huyen@2'));
  });
});
