/** The .docx writer, in its own lazily loaded chunk. */
export { writeReportDocx } from '../docx/report';
