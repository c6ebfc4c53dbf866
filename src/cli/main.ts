import { workerData } from 'node:worker_threads';
import { Command, CommanderError, Option } from 'commander';
import type { Lang } from '../core/model';
import { EXIT, type Io } from './io';
import { UsageError } from './files';

// Each command loads its own modules when it runs: `phuluc --version` and `--help` load none of
// them (exceljs, docx, zod, the readers), so they start about as fast as Node does.

const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  // in the worker thread bin/phuluc.cjs runs file-reading commands in, stderr is a pipe to the main thread
  interactive: process.stderr.isTTY === true || (workerData as { stderrIsTTY?: boolean } | null)?.stderrIsTTY === true,
};

const langOption = () => new Option('--lang <lang>', 'ngôn ngữ thông báo / message language').choices(['vi', 'en']).default('vi');
const templateFileOption = () => new Option('--template-file <file...>', 'nạp thêm mẫu phụ lục từ tệp JSON / load extra templates from JSON files');

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
      const { templatesCommand } = await import('./templates');
      exitCode = await templatesCommand(opts, io);
    });

  const template = program.command('template').description('mẫu của người dùng: kiểm tra, thiết kế trong bảng tính / user templates: check, design in a sheet');
  template
    .command('check')
    .description('kiểm tra một tệp mẫu JSON: mọi lỗi kèm vị trí / check a template JSON file: every problem with its path')
    .argument('<file>', 'tệp mẫu .json / the template .json')
    .option('--json', 'in JSON {"valid","issues":[{"path","rule","message"}]} / print JSON')
    .addOption(langOption())
    .action(async (file: string, opts: { json?: boolean; lang: Lang }) => {
      const { templateCheckCommand } = await import('./template');
      exitCode = await templateCheckCommand(file, opts, io);
    });
  template
    .command('sheet')
    .description('tạo bảng tính thiết kế mẫu (trống, hoặc từ một mẫu) / write a template design workbook (empty, or holding a template)')
    .option('--template <id>', 'mẫu có sẵn (ct37) / a built-in template')
    .option('--template-file <file>', 'mẫu từ tệp JSON / a template from a JSON file')
    .requiredOption('-o, --output <file>', 'tệp .xlsx sẽ tạo / the .xlsx file to write')
    .option('--force', 'ghi đè nếu tệp đã có / overwrite an existing file')
    .addOption(langOption())
    .action(async (opts: import('./template').TemplateSheetOptions) => {
      const { templateSheetCommand } = await import('./template');
      exitCode = await templateSheetCommand(opts, io);
    });
  template
    .command('from-sheet')
    .description('đọc bảng tính thiết kế thành tệp mẫu JSON / turn a design workbook into a template JSON')
    .argument('<file>', 'bảng tính thiết kế .xlsx/.ods / the design workbook')
    .requiredOption('-o, --output <file>', 'tệp mẫu .json sẽ ghi / the template .json to write')
    .option('--force', 'ghi đè nếu tệp đã có / overwrite an existing file')
    .option('--json', 'in các vấn đề dạng JSON / print the issues as JSON')
    .addOption(langOption())
    .action(async (file: string, opts: { output: string; force?: boolean; lang: Lang; json?: boolean }) => {
      const { templateFromSheetCommand } = await import('./template');
      exitCode = await templateFromSheetCommand(file, opts, io);
    });
  template
    .command('from-text')
    .description("dựng bản nháp mẫu từ phần PHỤ LỤC của kế hoạch (.txt) / draft a template from a plan's appendix text")
    .argument('<file>', 'văn bản kế hoạch hoặc phụ lục (.txt, UTF-8) / the plan or appendix text')
    .option('-o, --output <file>', 'tệp mẫu nháp .json; không có thì in ra / the draft .json; printed when absent')
    .option('--id <id>', "mã của mẫu nháp / the draft's id")
    .option('--force', 'ghi đè nếu tệp đã có / overwrite an existing file')
    .option('--json', 'in kết quả dạng JSON / print the outcome as JSON')
    .addOption(langOption())
    .action(async (file: string, opts: { output?: string; id?: string; force?: boolean; json?: boolean; lang: Lang }) => {
      const { templateFromTextCommand } = await import('./template-from-text');
      exitCode = await templateFromTextCommand(file, opts, io);
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
    .action(async (opts: import('./new').NewOptions) => {
      const { newCommand } = await import('./new');
      exitCode = await newCommand(opts, io);
    });

  program
    .command('distribute')
    .description('tạo tệp phụ lục cho từng đơn vị trong danh sách, để gửi đi / create one appendix workbook per roster unit, to send out')
    .requiredOption('--template <id>', 'mã mẫu (ct37, ct37@1) / template id')
    .requiredOption('--roster <file>', 'danh sách đơn vị .csv/.xlsx/.ods (Mã đơn vị, Tên đơn vị) / roster with a unit code and/or unit name column')
    .requiredOption('--from <date>', 'kỳ báo cáo từ ngày (dd/mm/yyyy hoặc YYYY-MM-DD) / period start')
    .requiredOption('--to <date>', 'kỳ báo cáo đến ngày / period end')
    .option('--deadline <date>', 'hạn gửi báo cáo, ghi dưới tiêu đề / the deadline, shown under the title')
    .requiredOption('-o, --output <folder>', 'thư mục sẽ ghi các tệp <mã đơn vị>.xlsx / the folder for the <unit code>.xlsx files')
    .option('--password <password>', 'mật khẩu bảo vệ trang tính (không bắt buộc) / the sheet protection password (optional)')
    .option('--force', 'ghi đè tệp đã có / overwrite existing files')
    .addOption(langOption())
    .addOption(templateFileOption())
    .action(async (opts: import('./distribute').DistributeOptions) => {
      const { distributeCommand } = await import('./distribute');
      exitCode = await distributeCommand(opts, io);
    });

  program
    .command('validate')
    .description('kiểm tra tệp phụ lục / check appendix workbooks')
    .argument('<files...>', 'tệp .xlsx hoặc thư mục / .xlsx files or folders')
    .option('--json', 'in JSON {"problems":[…]} / print JSON')
    .addOption(langOption())
    .addOption(templateFileOption())
    .action(async (paths: string[], opts: { json?: boolean; lang: Lang; templateFile?: string[] }) => {
      const { validateCommand } = await import('./validate');
      exitCode = await validateCommand(paths, opts, io);
    });

  program
    .command('consolidate')
    .description("tổng hợp phụ lục của nhiều đơn vị / consolidate many units' appendices into one summary")
    .argument('<paths...>', 'tệp .xlsx, .ods hoặc thư mục / .xlsx or .ods files, or folders')
    .requiredOption('-o, --output <file>', 'tệp tổng hợp .xlsx / the summary .xlsx to write')
    .option('--json <file>', 'ghi thêm kết quả dạng JSON / also write the figures as JSON')
    .option('--roster <file>', 'danh sách đơn vị .csv/.xlsx (Mã đơn vị, Tên đơn vị) / roster .csv/.xlsx with a unit code and/or unit name column')
    .option('--unit <name>', 'tên cơ quan tổng hợp / the consolidating body')
    .option('--unit-code <code>', 'mã cơ quan tổng hợp / its code')
    .option('--from <date>', "kỳ tổng hợp từ ngày (dd/mm/yyyy hoặc YYYY-MM-DD) / the summary's period start")
    .option('--to <date>', "kỳ tổng hợp đến ngày / the summary's period end")
    .option('--include-invalid', 'vẫn tổng hợp đơn vị còn lỗi (trừ các ô có lỗi) / include units with errors (not their flagged cells)')
    .option(
      '--previous <file>',
      'so sánh cùng kỳ: bản tổng hợp hoặc phụ lục kỳ trước, cùng mẫu / compare with an earlier summary or appendix of the same template',
    )
    .option('--force', 'ghi đè tệp đã có / overwrite existing outputs')
    .addOption(langOption())
    .addOption(templateFileOption())
    .action(async (paths: string[], opts: import('./consolidate').ConsolidateCliOptions) => {
      const { consolidateCommand } = await import('./consolidate');
      exitCode = await consolidateCommand(paths, opts, io);
    });

  program
    .command('status')
    .description(
      'tình hình nộp: đơn vị nào đã nộp, chưa tổng hợp được (vì sao), chưa nộp (quá hạn bao nhiêu ngày) / who has sent, who is held back and why, who is missing and how late',
    )
    .argument('<paths...>', 'các tệp đã nhận, hoặc thư mục / the files received, or folders')
    .requiredOption(
      '--roster <file>',
      'danh sách đơn vị .csv/.xlsx (Mã đơn vị, Tên đơn vị; các cột khác như email được giữ) / roster; its other columns (e-mail…) are kept',
    )
    .option('--deadline <date>', 'hạn nộp (dd/mm/yyyy hoặc YYYY-MM-DD) / the deadline')
    .option('--today <date>', 'tính số ngày đến ngày này thay vì hôm nay / count days to this date instead of today')
    .option('--from <date>', 'kỳ báo cáo từ ngày / the period start')
    .option('--to <date>', 'kỳ báo cáo đến ngày / the period end')
    .option('--json', 'in JSON {"deadline","today","units":[…]} / print JSON')
    .option('-o, --output <file>', 'ghi danh sách ra tệp .xlsx (chưa nộp, chưa tổng hợp lên đầu) / write the list to an .xlsx, missing and held back first')
    .option('--force', 'ghi đè tệp đã có / overwrite an existing file')
    .addOption(langOption())
    .addOption(templateFileOption())
    .action(async (paths: string[], opts: import('./status').StatusCliOptions) => {
      const { statusCommand } = await import('./status');
      exitCode = await statusCommand(paths, opts, io);
    });

  program
    .command('narrative')
    .description("viết các câu văn có số liệu và báo cáo .docx / write the report's sentences with the figures, and the .docx")
    .argument('<input>', 'tệp tổng hợp hoặc phụ lục .xlsx / a summary or unit appendix .xlsx')
    .option('-o, --output <file>', 'report.docx hoặc report.md; không có thì in ra màn hình / report.docx or report.md; prints the text when absent')
    .option('--body <name>', 'cơ quan ban hành / the issuing body')
    .option('--parent-body <name>', 'cơ quan chủ quản / the body above it')
    .option('--party', "văn bản của tổ chức Đảng / a Party body's document")
    .option('--place <name>', 'địa danh / the place')
    .option('--date <date>', "ngày báo cáo YYYY-MM-DD / the report's date")
    .option('--number <number>', 'số văn bản, ví dụ 15/BC-BDV / the document number')
    .option('--recipients <list>', 'nơi nhận, cách nhau bởi dấu ; (thêm "Lưu VP" nếu chưa có dòng "Lưu") / the recipients, separated by ;')
    .option('--signer-authority <text>', 'thẩm quyền ký, ví dụ "T/M BAN THƯỜNG VỤ", "KT. TRƯỞNG BAN" / the signer\'s authority')
    .option('--signer-title <text>', 'chức vụ người ký, ví dụ "PHÓ BÍ THƯ" / the signer\'s title')
    .option('--signer <name>', "họ tên người ký / the signer's name")
    .option('--previous <file>', 'so sánh cùng kỳ: bản tổng hợp hoặc phụ lục kỳ trước / compare with an earlier summary or appendix')
    .option('--force', 'ghi đè tệp đã có / overwrite an existing file')
    .addOption(langOption())
    .addOption(templateFileOption())
    .action(async (input: string, opts: import('./narrative').NarrativeCliOptions) => {
      const { narrativeCommand } = await import('./narrative');
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
