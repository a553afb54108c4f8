//! The seed corpora of the two stack-level fuzz targets, made from this
//! test suite's valid requests (`reliability_support::valid_request`) in
//! the targets' input encoding (crates/fuzz/src/lib.rs,
//! crates/fuzz/fuzz_targets/drive_answers.rs):
//! - `ioctl_entry`: one seed per IOCTL the driver owns (open, preludes,
//!   the request, close), and one with every request in a row;
//! - `drive_answers`: the same requests, each followed by the simulated
//!   drive's own answers to the commands the driver sent, so the fuzzer
//!   starts from real MMC answers; `inquiry_capacity`: the simulated
//!   drive's answers to its fixed sequence;
//! - the answer parsers (`toc`, `subchannel`, `mode_pages`,
//!   `configuration`, `gesn`): the simulated drive's answers to the
//!   commands the driver sends, prefixed with the target's "received"
//!   byte; `sense`: every sense class of the fault injector and a
//!   descriptor-format answer; `cue`: cue sheets over the scratch files
//!   of the `cue` target.
//!
//! With `CDFILTER_WRITE_SEEDS=1` the files under crates/fuzz/seeds/ are
//! (re)written; otherwise the test checks that every target has seeds. The
//! seeds are a starting point, not a contract: when the table or the
//! simulated drive changes they stay valid inputs (every input is), and
//! rewriting them refreshes the encoded requests.

mod reliability_support;

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use cdfilter_core::ioctl::{Ioctl, TABLE};
use cdfilter_core::port::{Command, DataPhase, Port, PortResult, SrbStatus};
use cdfilter_host::model::Granted;
use cdfilter_host::sim::SimDrive;
use cdfilter_host::Stack;
use reliability_support::{owned_rows, prelude, valid_request};

/// One request as the interpreter's IOCTL op: `1, handle, table index,
/// input length (u16 LE), input, output length (u16 LE)`.
fn ioctl_op(id: Ioctl, input: &[u8], out_len: usize) -> Vec<u8> {
    let index = TABLE
        .iter()
        .position(|d| d.id == id)
        .expect("every request is a table row");
    let mut v = vec![1, 0, u8::try_from(index).expect("table index < 255")];
    v.extend_from_slice(
        &u16::try_from(input.len())
            .expect("short input")
            .to_le_bytes(),
    );
    v.extend_from_slice(input);
    assert!(
        out_len < 0x2000,
        "output lengths below 8 KiB encode as themselves"
    );
    v.extend_from_slice(&u16::try_from(out_len).expect("short output").to_le_bytes());
    v
}

/// Open (read + write), the preludes, the request, close.
fn sequence(ids: &[Ioctl]) -> Vec<Vec<u8>> {
    let mut ops = vec![vec![0, 3]];
    for &id in ids {
        for (pre, input, out_len) in prelude(id) {
            ops.push(ioctl_op(pre, &input, out_len));
        }
        let (input, out_len) = valid_request(id);
        ops.push(ioctl_op(id, &input, out_len));
    }
    ops.push(vec![4, 0]);
    ops
}

/// The simulated drive, with every answer appended to `tape` in the
/// `drive_answers` encoding.
struct Tape {
    drive: SimDrive,
    tape: Rc<RefCell<Vec<u8>>>,
}

impl Port for Tape {
    fn execute(&mut self, mut cmd: Command<'_>) -> PortResult {
        let reborrowed = Command {
            cdb: cmd.cdb,
            data: cmd.data.reborrow(),
            timeout_secs: cmd.timeout_secs,
        };
        let r = self.drive.execute(reborrowed);
        let mut t = self.tape.borrow_mut();
        let data = match &cmd.data {
            DataPhase::In(buf) => &buf[..(r.transferred as usize).min(buf.len())],
            _ => &[][..],
        };
        let with_data = |t: &mut Vec<u8>, kind: u8| {
            t.push(kind);
            t.extend_from_slice(&(data.len() as u16).to_le_bytes());
            t.extend_from_slice(data);
        };
        if r.is_success() {
            with_data(&mut t, 0);
        } else if r.srb_status == SrbStatus::DATA_OVERRUN {
            with_data(&mut t, 3);
        } else if r.sense_len > 0 {
            t.push(4);
            t.push(r.sense_len);
            t.extend_from_slice(r.sense_bytes());
        } else {
            t.extend_from_slice(&[5, r.srb_status.0, r.scsi_status]);
        }
        r
    }

    fn max_transfer_bytes(&self) -> u32 {
        self.drive.max_transfer_bytes()
    }
}

/// `ops` followed, each, by the simulated drive's answers to it; the
/// input starts with the adapter limit (64 × 512 bytes) and mask (0).
fn with_answers(ops: &[Vec<u8>]) -> Vec<u8> {
    let tape = Rc::new(RefCell::new(vec![64, 0]));
    let stack = Stack::new(Tape {
        drive: SimDrive::with_builtin_disc(),
        tape: Rc::clone(&tape),
    });
    let h = stack.open(Granted::READ_WRITE);
    for op in ops {
        tape.borrow_mut().extend_from_slice(op);
        if op[0] == 1 {
            let index = usize::from(op[2]);
            let n = usize::from(u16::from_le_bytes([op[3], op[4]]));
            let input = &op[5..5 + n];
            let out_len = usize::from(u16::from_le_bytes([op[5 + n], op[6 + n]]));
            let _ = stack.ioctl(h, TABLE[index].code, input, out_len);
        }
    }
    stack.close_handle(h);
    stack.assert_no_violations();
    let t = tape.borrow().clone();
    t
}

/// The simulated drive's answer to `cdb` with an `alloc`-byte buffer.
fn answer(drive: &mut SimDrive, cdb: &[u8], alloc: usize) -> Vec<u8> {
    let mut buf = vec![0u8; alloc];
    let r = drive.execute(Command {
        cdb: cdfilter_core::port::Cdb::from_slice(cdb).expect("a CDB"),
        data: DataPhase::In(&mut buf),
        timeout_secs: 10,
    });
    buf.truncate((r.transferred as usize).min(alloc));
    buf
}

/// `answer` behind the target's first byte: received = byte × `unit`.
fn received(unit: usize, answer: &[u8]) -> Vec<u8> {
    let cut = u8::try_from(answer.len().div_ceil(unit)).unwrap_or(u8::MAX);
    let mut v = vec![cut];
    v.extend_from_slice(answer);
    v
}

/// Cue sheets naming the `cue` target's scratch files.
const CUE_SHEETS: [(&str, &str); 4] = [
    (
        "data_and_audio",
        "CATALOG 1234567890128\nFILE \"a.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n  TRACK 02 AUDIO\n    ISRC XYCDF2500002\n    INDEX 00 00:00:04\n    INDEX 01 00:00:05\n",
    ),
    (
        "two_files",
        "TITLE \"t\"\nPERFORMER \"p\"\nFILE \"c.iso\" BINARY\n  TRACK 01 MODE1/2048\n    INDEX 01 00:00:00\nFILE \"d.wav\" WAVE\n  TRACK 02 AUDIO\n    PREGAP 00:02:00\n    INDEX 01 00:00:00\n    INDEX 02 00:00:02\n",
    ),
    (
        "sessions",
        "REM SESSION 01\nFILE \"b.bin\" BINARY\n  TRACK 01 AUDIO\n    FLAGS DCP PRE\n    INDEX 01 00:00:00\nREM SESSION 02\nFILE \"upper.bin\" MOTOROLA\n  TRACK 02 MODE2/2352\n    INDEX 01 00:00:00\n    POSTGAP 00:00:10\n",
    ),
    (
        "empty_file",
        "FILE \"e.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n",
    ),
];

fn parser_seeds() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut d = SimDrive::with_builtin_disc();
    for format in 0u8..=5 {
        for msf in [0u8, 2] {
            let a = answer(&mut d, &[0x43, msf, format, 0, 0, 0, 1, 0x03, 0x24, 0], 804);
            out.push((format!("toc/format{format}_{msf}"), received(4, &a)));
        }
    }
    for (format, alloc, track) in [(1u8, 16usize, 0u8), (2, 24, 0), (3, 24, 2)] {
        let cdb = [0x42, 0x02, 0x40, format, 0, 0, track, 0, alloc as u8, 0];
        let a = answer(&mut d, &cdb, alloc);
        out.push((format!("subchannel/format{format}"), received(1, &a)));
    }
    for (name, cdb) in [
        ("audio_dbd", [0x5A, 0x08, 0x0E, 0, 0, 0, 0, 0, 0x40, 0]),
        ("audio", [0x5A, 0x00, 0x0E, 0, 0, 0, 0, 0, 0x40, 0]),
        (
            "audio_changeable",
            [0x5A, 0x08, 0x4E, 0, 0, 0, 0, 0, 0x40, 0],
        ),
        ("capabilities", [0x5A, 0x08, 0x2A, 0, 0, 0, 0, 0, 0x40, 0]),
        ("all_pages", [0x5A, 0x00, 0x3F, 0, 0, 0, 0, 0x01, 0xFE, 0]),
    ] {
        out.push((
            format!("mode_pages/{name}"),
            received(2, &answer(&mut d, &cdb, 510)),
        ));
    }
    let six = answer(&mut d, &[0x1A, 0x08, 0x2A, 0, 0x40, 0], 64);
    out.push(("mode_pages/capabilities6".to_owned(), received(2, &six)));
    for (name, rt) in [("all", 0u8), ("current", 1)] {
        let a = answer(&mut d, &[0x46, rt, 0, 0, 0, 0, 0, 0x03, 0xFC, 0], 1020);
        out.push((format!("configuration/{name}"), received(4, &a)));
    }
    let (input, _) = valid_request(Ioctl::CdromGetConfiguration);
    out.push(("configuration/ioctl_input".to_owned(), input));
    let gesn = [0x4A, 0x01, 0, 0, 0x10, 0, 0, 0, 0x08, 0];
    out.push(("gesn/no_event".to_owned(), answer(&mut d, &gesn, 8)));
    d.eject();
    d.insert(cdfilter_host::disc::Disc::builtin());
    out.push(("gesn/new_media".to_owned(), answer(&mut d, &gesn, 8)));
    for (name, f) in cdfilter_host::fault::Fault::SENSE_CLASSES {
        let cdfilter_host::fault::Fault::Sense { key, asc, ascq } = *f else {
            continue;
        };
        let r = PortResult::check_condition(key, asc, ascq);
        let mut v = vec![r.srb_status.0, r.scsi_status, r.sense_len, 0x28];
        v.extend_from_slice(r.sense_bytes());
        let name: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        out.push((format!("sense/{name}"), v));
    }
    out.push((
        "sense/descriptor_ili".to_owned(),
        vec![
            0x04, 0x02, 20, 0xBE, 0x72, 0x05, 0x21, 0, 0, 0, 0, 12, 0x05, 0x02, 0, 0x20, 0, 0, 0,
            0, 0, 0, 0, 0,
        ],
    ));
    for (name, text) in CUE_SHEETS {
        out.push((format!("cue/{name}"), text.as_bytes().to_vec()));
    }
    out
}

/// The `inquiry_capacity` target's fixed sequence over the simulated
/// drive: start, the capacity IOCTLs, then (after the byte choosing 2
/// sectors) the two raw reads at the end of the disc.
fn inquiry_capacity_seed() -> Vec<u8> {
    let tape = Rc::new(RefCell::new(vec![64, 0]));
    let stack = Stack::new(Tape {
        drive: SimDrive::with_builtin_disc(),
        tape: Rc::clone(&tape),
    });
    let h = stack.open(Granted::READ_WRITE);
    for (id, out_len) in [
        (Ioctl::CdromGetDriveGeometry, 24),
        (Ioctl::CdromGetDriveGeometryEx, 32),
        (Ioctl::DiskGetLengthInfo, 8),
        (Ioctl::StorageReadCapacity, 32),
        (Ioctl::StorageGetMediaTypesEx, 72),
    ] {
        let _ = stack.ioctl(h, id.code(), &[], out_len);
    }
    tape.borrow_mut().push(1);
    for start in [1347i64, 1349] {
        let mut input = (start * 2048).to_le_bytes().to_vec();
        input.extend_from_slice(&2u32.to_le_bytes());
        input.extend_from_slice(&2u32.to_le_bytes());
        let _ = stack.ioctl(h, Ioctl::CdromRawRead.code(), &input, 2 * 2352);
    }
    stack.close_handle(h);
    stack.assert_no_violations();
    let t = tape.borrow().clone();
    t
}

fn seeds() -> Vec<(String, Vec<u8>)> {
    let mut out = parser_seeds();
    out.push(("inquiry_capacity/sim".to_owned(), inquiry_capacity_seed()));
    let rows = owned_rows();
    for d in &rows {
        let ops = sequence(&[d.id]);
        let name = d.name.trim_start_matches("IOCTL_").to_lowercase();
        // The simulated drive's default configuration first.
        out.push((
            format!("ioctl_entry/{name}"),
            [vec![0, 0], ops.concat()].concat(),
        ));
        out.push((format!("drive_answers/{name}"), with_answers(&ops)));
    }
    let all: Vec<Ioctl> = rows.iter().map(|d| d.id).collect();
    out.push((
        "ioctl_entry/all_in_a_row".to_owned(),
        sequence(&all).concat(),
    ));
    out
}

fn seeds_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds")
}

#[test]
fn every_target_has_seeds() {
    let dir = seeds_dir();
    let seeds = seeds();
    if std::env::var_os("CDFILTER_WRITE_SEEDS").is_some_and(|v| v == "1") {
        for (name, bytes) in &seeds {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().expect("target directory"))
                .expect("seed directory");
            std::fs::write(&path, bytes).expect("seed file");
        }
    }
    let mut targets: Vec<&str> = seeds
        .iter()
        .filter_map(|(n, _)| n.split('/').next())
        .collect();
    targets.dedup();
    let empty: Vec<&str> = targets
        .into_iter()
        .filter(|t| std::fs::read_dir(dir.join(t)).map_or(true, |mut d| d.next().is_none()))
        .collect();
    assert!(
        empty.is_empty(),
        "targets without seeds (run with CDFILTER_WRITE_SEEDS=1): {empty:?}"
    );
}
