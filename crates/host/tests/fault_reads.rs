//! Reads under faults: IRP_MJ_READ passed down (the lower-driver model's
//! READ(10)), a streaming read the filter issues itself (READ(12) with the
//! Streaming bit, split at the port's 64 KiB), and a raw read split into
//! two READ CDs, each against every sense class and transport failure on
//! the first command and on every command.
//!
//! Checked: with the fault on every command, the documented status of the
//! sense/SRB table; with it on the first command only, success or that
//! status (retries, the streaming fallback and the pass-down model's lack
//! of retries decide which, all documented in their handlers); Information
//! never claims more than the buffer; the verifier is clean; the same read
//! without faults then succeeds.

use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::status::NtStatus;
use cdfilter_host::fault::{Fault, FaultInjector, Plan, Rule, When};
use cdfilter_host::model::Granted;
use cdfilter_host::sim::SimDrive;
use cdfilter_host::{Handle, IoResult, Stack};

type S = Stack<FaultInjector<SimDrive>>;

/// The status a failure ends with once retries are spent (spec ioctls.md
/// §3.2–3.4, no volume mounted); `None` for malformed successes.
fn documented(fault: Fault) -> Option<NtStatus> {
    Some(match fault {
        Fault::Sense {
            key: 2, asc: 0x3A, ..
        } => NtStatus::NO_MEDIA_IN_DEVICE,
        Fault::Sense { key: 2, .. } | Fault::Busy => NtStatus::DEVICE_NOT_READY,
        Fault::Sense { key: 3, .. } => NtStatus::DEVICE_DATA_ERROR,
        Fault::Sense {
            key: 5, asc: 0x21, ..
        } => NtStatus::NONEXISTENT_SECTOR,
        Fault::Sense { key: 5, .. } => NtStatus::INVALID_DEVICE_REQUEST,
        Fault::Sense { .. } | Fault::BusReset => NtStatus::IO_DEVICE_ERROR,
        Fault::SelectionTimeout => NtStatus::DEVICE_NOT_CONNECTED,
        Fault::CommandTimeout | Fault::Aborted => NtStatus::IO_TIMEOUT,
        Fault::ShortTransfer { .. } => NtStatus::DATA_OVERRUN,
        Fault::OverlongTransfer => NtStatus::DEVICE_PROTOCOL_ERROR,
        Fault::CorruptLength => return None,
    })
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    PassedDown,
    Streaming,
    RawSplit,
}

const RAW_SECTORS: u32 = 40;

fn send(s: &S, h: Handle, kind: Kind) -> IoResult {
    match kind {
        // 8 sectors of the data track.
        Kind::PassedDown => s.read(h, 16 * 2048, 8 * 2048),
        // 48 sectors: two READ(12)s of 32 and 16.
        Kind::Streaming => s.read(h, 16 * 2048, 48 * 2048),
        // 40 CD-DA sectors (94 080 bytes): two READ CDs.
        Kind::RawSplit => {
            let mut input = (450i64 * 2048).to_le_bytes().to_vec();
            input.extend_from_slice(&RAW_SECTORS.to_le_bytes());
            input.extend_from_slice(&2u32.to_le_bytes());
            s.ioctl(
                h,
                Ioctl::CdromRawRead.code(),
                &input,
                RAW_SECTORS as usize * 2352,
            )
        }
    }
}

fn prepare(kind: Kind) -> (S, Handle) {
    let s = Stack::new(FaultInjector::new(
        SimDrive::with_builtin_disc(),
        Plan::Schedule(vec![]),
    ));
    let h = s.open(Granted::READ_WRITE);
    if let Kind::Streaming = kind {
        let r = s.ioctl(
            h,
            Ioctl::CdromEnableStreaming.code(),
            &2u32.to_le_bytes(),
            0,
        );
        assert_eq!(r.status, NtStatus::SUCCESS, "enable streaming");
    }
    (s, h)
}

fn cell(kind: Kind, name: &str, fault: Fault, every: bool) -> Vec<String> {
    let mut failures = Vec::new();
    let (s, h) = prepare(kind);
    s.with_port(|p| {
        let rule = if every {
            Rule {
                when: When::Always,
                fault,
                times: None,
            }
        } else {
            Rule {
                when: When::Nth(p.commands()),
                fault,
                times: Some(1),
            }
        };
        p.set_plan(Plan::Schedule(vec![rule]));
    });
    let r = send(&s, h, kind);
    s.with_port(FaultInjector::clear);
    let len = r.output.len();
    if r.status.is_success() && r.information > len {
        failures.push(format!("Information {} > {len}", r.information));
    }
    match (documented(fault), every) {
        (Some(want), true) if r.status != want => {
            failures.push(format!("status {} (expected {want})", r.status));
        }
        (Some(want), false) if r.status != want && !r.status.is_success() => {
            failures.push(format!("status {} (expected {want} or success)", r.status));
        }
        _ => {}
    }
    let again = send(&s, h, kind);
    if !again.status.is_success() {
        failures.push(format!("the next read answered {}", again.status));
    }
    s.close_handle(h);
    let v = s.violations();
    if !v.is_empty() {
        failures.push(format!("verifier: {v:?}"));
    }
    failures
        .into_iter()
        .map(|f| format!("{kind:?} / {name} / every={every}: {f}"))
        .collect()
}

#[test]
fn reads_under_every_fault() {
    let mut failures = Vec::new();
    let mut cells = 0;
    for kind in [Kind::PassedDown, Kind::Streaming, Kind::RawSplit] {
        let (s, h) = prepare(kind);
        let clean = send(&s, h, kind);
        assert_eq!(clean.status, NtStatus::SUCCESS, "{kind:?} without faults");
        s.close_handle(h);
        s.assert_no_violations();
        for &(name, fault) in Fault::SENSE_CLASSES.iter().chain(Fault::TRANSPORT) {
            for every in [false, true] {
                failures.extend(cell(kind, name, fault, every));
                cells += 1;
            }
        }
    }
    assert_eq!(cells, 3 * 19 * 2);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The second piece of a split raw read fails: the request fails with the
/// piece's status and returns nothing (no partial data is claimed).
#[test]
fn a_failing_second_piece_fails_the_raw_read() {
    let (s, h) = prepare(Kind::RawSplit);
    s.with_port(|p| {
        let second = p.commands() + 1;
        p.set_plan(Plan::Schedule(vec![Rule {
            when: When::Nth(second),
            fault: Fault::Sense {
                key: 3,
                asc: 0x11,
                ascq: 0,
            },
            times: None,
        }]));
    });
    let r = send(&s, h, Kind::RawSplit);
    assert_eq!((r.status, r.information), (NtStatus::DEVICE_DATA_ERROR, 0));
    assert_eq!(r.commands.len(), 2);
    s.close_handle(h);
    s.assert_no_violations();
}

/// The pass-down model refuses a READ(10) whose count claims more than the
/// buffer instead of returning that count as Information.
#[test]
fn a_passed_down_read_with_a_count_past_the_buffer_is_refused() {
    let (s, h) = prepare(Kind::PassedDown);
    s.with_port(|p| {
        p.set_plan(Plan::Schedule(vec![Rule {
            when: When::Always,
            fault: Fault::OverlongTransfer,
            times: None,
        }]));
    });
    let r = send(&s, h, Kind::PassedDown);
    assert_eq!(
        (r.status, r.information, r.passed_down),
        (NtStatus::DEVICE_PROTOCOL_ERROR, 0, true)
    );
    s.close_handle(h);
    s.assert_no_violations();
}

/// A passed-down read larger than the port's limit is split like the class
/// driver splits it (48 sectors: 32 + 16), not refused by the port.
#[test]
fn a_large_passed_down_read_is_split() {
    let (s, h) = prepare(Kind::PassedDown);
    let r = s.read(h, 16 * 2048, 48 * 2048);
    assert_eq!((r.status, r.information), (NtStatus::SUCCESS, 48 * 2048));
    let counts: Vec<u8> = r.commands.iter().map(|c| c.cdb[8]).collect();
    assert_eq!(counts, [32, 16]);
    s.close_handle(h);
    s.assert_no_violations();
}
