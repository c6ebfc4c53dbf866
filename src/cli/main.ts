import { Command, CommanderError, Option } from 'commander';
import { promises as fs } from 'node:fs';
import { formatProblem } from '../core/i18n/messages';
import { UI } from '../core/i18n/ui';
import { sortProblems, type Problem } from '../core/problems';
import type { TemplateRegistry } from '../core/registry';
import type { ReportMeta } from '../core/report';
import { localize, parseTemplateKey, templateKey, type Lang, type Template } from '../core/template';
import { layoutUnitSheet } from '../sheet/layout';
import { checkWorkbook } from '../xlsx/check';
import { writeXlsx } from '../xlsx/write';
import { EXIT, isoOption, loadRegistry, problemJson, type Io } from './common';
import { consolidateCommand } from './consolidate';
import { narrativeCommand } from './narrative';
import { collectWorkbooks, OutputExistsError, readFailure, UsageError, writeAtomically } from './files';

const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  interactive: process.stderr.isTTY === true,
};

const langOption = () => new Option('--lang <lang>', 'ngôn ngữ thông báo / message language').choices(['vi', 'en']).default('vi');
const templateFileOption = () =>
  new Option('--template-file <file...>', 'nạp thêm mẫu phụ lục từ tệp JSON / load extra templates from JSON files');

/** Runs the command line; returns the exit code instead of exiting, so tests run it in-process. */
export async function runCli(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('phuluc')
    .description('Phụ lục: tạo, kiểm tra phụ lục số liệu báo cáo / create and check the statistical appendices of reporting plans')
    .version(PACKAGE_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError();

  program
    .command('templates')
    .description('liệt kê các mẫu phụ lục / list the appendix templates')
    .option('--json', 'in JSON [{"id","version","title"}] / print JSON')
    .addOption(langOption())
    .addOption(templateFileOption())
    .action(async (opts: { json?: boolean; lang: Lang; templateFile?: string[] }) => {
      const registry = await loadRegistry(opts.templateFile);
      const list = registry.list();
      if (opts.json) {
        io.out(`${JSON.stringify(list.map((t) => ({ id: t.id, version: t.version, title: localize(t.title, opts.lang) })), null, 2)}\n`);
      } else {
        for (const t of list) io.out(`${templateKey(t).padEnd(26)} ${localize(t.title, opts.lang)}\n`);
      }
    });

  program
    .command('new')
    .description('tạo tệp phụ lục trống cho một đơn vị / create a blank appendix workbook for a unit')
    .requiredOption('--template <id>', 'mã mẫu (ct37, ct37@1) / template id')
    .option('--unit <name>', 'tên đơn vị / unit name')
    .option('--unit-code <code>', 'mã đơn vị / unit code')
    .option('--from <date>', 'từ ngày YYYY-MM-DD / period start')
    .option('--to <date>', 'đến ngày YYYY-MM-DD / period end')
    .requiredOption('-o, --output <file>', 'tệp .xlsx sẽ tạo / the .xlsx file to write')
    .option('--force', 'ghi đè nếu tệp đã có / overwrite an existing file')
    .addOption(langOption())
    .addOption(templateFileOption())
    .action(async (opts: NewOptions) => {
      exitCode = await newCommand(opts, io);
    });

  program
    .command('validate')
    .description('kiểm tra tệp phụ lục / check appendix workbooks')
    .argument('<files...>', 'tệp .xlsx hoặc thư mục / .xlsx files or folders')
    .option('--json', 'in JSON {"problems":[…]} / print JSON')
    .addOption(langOption())
    .addOption(templateFileOption())
    .action(async (paths: string[], opts: { json?: boolean; lang: Lang; templateFile?: string[] }) => {
      exitCode = await validateCommand(paths, opts, io);
    });

  program
    .command('consolidate')
    .description('tổng hợp phụ lục của nhiều đơn vị / consolidate many units\' appendices into one summary')
    .argument('<paths...>', 'tệp .xlsx, .ods hoặc thư mục / .xlsx or .ods files, or folders')
    .requiredOption('-o, --output <file>', 'tệp tổng hợp .xlsx / the summary .xlsx to write')
    .option('--json <file>', 'ghi thêm kết quả dạng JSON / also write the figures as JSON')
    .option('--roster <file>', 'danh sách đơn vị CSV (unitCode,unit) / roster CSV with a unitCode,unit header')
    .option('--unit <name>', 'tên cơ quan tổng hợp / the consolidating body')
    .option('--unit-code <code>', 'mã cơ quan tổng hợp / its code')
    .option('--from <date>', 'kỳ tổng hợp từ ngày (dd/mm/yyyy hoặc YYYY-MM-DD) / the summary\'s period start')
    .option('--to <date>', 'kỳ tổng hợp đến ngày / the summary\'s period end')
    .option('--include-invalid', 'vẫn tổng hợp đơn vị còn lỗi (trừ các ô có lỗi) / include units with errors (not their flagged cells)')
    .option('--force', 'ghi đè tệp đã có / overwrite existing outputs')
    .addOption(langOption())
    .addOption(templateFileOption())
    .action(async (paths: string[], opts) => {
      exitCode = await consolidateCommand(paths, opts, io);
    });

  program
    .command('narrative')
    .description('viết các câu văn có số liệu và báo cáo .docx / write the report\'s sentences with the figures, and the .docx')
    .argument('<input>', 'tệp tổng hợp hoặc phụ lục .xlsx / a summary or unit appendix .xlsx')
    .option('-o, --output <file>', 'report.docx hoặc report.md; không có thì in ra màn hình / report.docx or report.md; prints the text when absent')
    .option('--body <name>', 'cơ quan ban hành / the issuing body')
    .option('--parent-body <name>', 'cơ quan chủ quản / the body above it')
    .option('--party', 'văn bản của tổ chức Đảng / a Party body\'s document')
    .option('--place <name>', 'địa danh / the place')
    .option('--date <date>', 'ngày báo cáo YYYY-MM-DD / the report\'s date')
    .option('--number <number>', 'số văn bản, ví dụ 15/BC-BDV / the document number')
    .option('--force', 'ghi đè tệp đã có / overwrite an existing file')
    .addOption(langOption())
    .addOption(templateFileOption())
    .action(async (input: string, opts) => {
      exitCode = await narrativeCommand(input, opts, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, with code 0
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError) {
      io.err(`phuluc: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

// Read once: package.json is beside dist/ and src/ alike.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PACKAGE_VERSION: string = (require('../../package.json') as { version: string }).version;

interface NewOptions {
  template: string;
  unit?: string;
  unitCode?: string;
  from?: string;
  to?: string;
  output: string;
  force?: boolean;
  lang: Lang;
  templateFile?: string[];
}

function findTemplate(registry: TemplateRegistry, wanted: string): Template {
  const key = parseTemplateKey(wanted);
  const template = key ? registry.get(key.id, key.version) : registry.latest(wanted.trim().toLowerCase());
  if (!template) {
    const known = registry.list().map(templateKey).join(', ');
    throw new UsageError(`không có mẫu "${wanted}" / no template "${wanted}" (${known})`);
  }
  return template;
}

async function newCommand(opts: NewOptions, io: Io): Promise<number> {
  const registry = await loadRegistry(opts.templateFile);
  const template = findTemplate(registry, opts.template);
  if (!/\.xlsx$/i.test(opts.output)) throw new UsageError(`-o ${opts.output}: tệp ra phải có đuôi .xlsx / the output must end in .xlsx`);
  const meta: ReportMeta = {};
  const from = isoOption('from', opts.from);
  const to = isoOption('to', opts.to);
  if (opts.unit?.trim()) meta.unit = opts.unit.trim();
  if (opts.unitCode?.trim()) meta.unitCode = opts.unitCode.trim();
  if (from) meta.from = from;
  if (to) meta.to = to;
  const period = { from: from ?? template.defaultPeriod?.from, to: to ?? template.defaultPeriod?.to };
  if (period.from && period.to && period.from > period.to) {
    throw new UsageError(`--from ${period.from} sau --to ${period.to} / --from is after --to`);
  }
  const bytes = await writeXlsx([layoutUnitSheet(template, meta, { lang: opts.lang })], { lang: opts.lang });
  try {
    await writeAtomically(opts.output, bytes, opts.force === true);
  } catch (e) {
    if (e instanceof OutputExistsError) throw new UsageError(UI[opts.lang].fileExists(opts.output));
    throw e;
  }
  io.out(`${UI[opts.lang].written(opts.output, templateKey(template))}\n`);
  return EXIT.ok;
}

async function validateCommand(paths: string[], opts: { json?: boolean; lang: Lang; templateFile?: string[] }, io: Io): Promise<number> {
  const registry = await loadRegistry(opts.templateFile);
  const { files, problems: found } = await collectWorkbooks(paths);
  const problems: Problem[] = [...found];
  let unreadable = found.some((p) => p.severity === 'error');
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(file);
    } catch (e) {
      unreadable = true;
      problems.push(readFailure(file, e));
      continue;
    }
    const checked = checkWorkbook(bytes, file, registry);
    if (checked.unreadable) unreadable = true;
    problems.push(...checked.problems);
  }
  const sorted = sortProblems(problems);
  if (opts.json) io.out(`${JSON.stringify({ problems: sorted.map((p) => problemJson(p, opts.lang)) }, null, 2)}\n`);
  else printProblems(sorted, files.length + found.length, opts.lang, io);
  if (unreadable) return EXIT.usage;
  return sorted.some((p) => p.severity === 'error') ? EXIT.problems : EXIT.ok;
}

function printProblems(problems: readonly Problem[], fileCount: number, lang: Lang, io: Io): void {
  const ui = UI[lang];
  let lastFile: string | undefined;
  for (const p of problems) {
    if (p.where.file !== lastFile) {
      lastFile = p.where.file;
      io.out(`${lastFile ?? ''}\n`);
    }
    const place = [p.where.sheet, p.where.cell].filter(Boolean).join(' › ');
    const code = p.code ? ` [${p.code}]` : '';
    io.out(`  ${place}${code} ${ui.severity[p.severity]}: ${formatProblem(p, lang)}\n`);
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  io.out(`${errors === 0 && warnings === 0 ? ui.allGood(fileCount) : ui.summaryLine(errors, warnings, fileCount)}\n`);
}
