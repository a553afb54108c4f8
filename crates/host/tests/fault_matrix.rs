//! The fault matrix: every IOCTL the driver translates, with a valid input
//! and output, against every sense class and every transport failure of
//! the fault injector, injected on the request's first command only and on
//! every command.
//!
//! Each cell checks:
//! - the status: the documented one of the sense/SRB table (spec
//!   ioctls.md §3.2–3.4) when the failure is final; success when a
//!   retryable failure hit the first command only; the handler's own
//!   documented answer where it has one (listed in [`handler_answer`]);
//! - the retries: no CDB is sent more often in a row than its opcode's
//!   policy allows (`max_retries + 1`), and a retryable failure on the
//!   first command is retried exactly once before it succeeds;
//! - completion exactly once with no verifier violation (the model);
//! - no state left behind: exclusive owner, play flag, prevent counts,
//!   the handle's counts and streaming flags, MCN disables and the
//!   restore-speed flag are those of the state before the request when it
//!   failed, and those of a fault-free run when it succeeded;
//! - the same request without faults then answers as on a fresh device.

mod reliability_support;

use cdfilter_core::ioctl::{Ioctl, IoctlDef};
use cdfilter_core::port::{Port, SrbStatus};
use cdfilter_core::sense;
use cdfilter_core::status::NtStatus;
use cdfilter_host::fault::{Fault, FaultInjector, Plan, Rule, When};
use cdfilter_host::model::Granted;
use cdfilter_host::record::Recorded;
use cdfilter_host::sim::SimDrive;
use cdfilter_host::{IoResult, Stack};
use reliability_support::{
    run_prelude, snapshot, translated_rows, valid_request, GoodDrive, StateSnapshot,
};

/// Where the fault is injected.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Scope {
    /// The request's first command, once.
    First,
    /// Every command of the request.
    Every,
}

/// The documented verdict of a failure: (status, retryable), spec ioctls.md
/// §3.2–3.4 with no volume mounted. `None` for faults that are not a
/// failure of the command but a malformed success (their status depends on
/// the handler's parsing).
fn documented(fault: Fault) -> Option<(NtStatus, bool)> {
    let v = match fault {
        Fault::Sense { key, asc, ascq } => match (key, asc, ascq) {
            // 04/xx NOT READY: becoming ready, cause not reportable.
            (2, 0x04, _) => (NtStatus::DEVICE_NOT_READY, true),
            // 3A/xx MEDIUM NOT PRESENT.
            (2, 0x3A, _) => (NtStatus::NO_MEDIA_IN_DEVICE, false),
            // UNIT ATTENTION without a mounted volume: retried.
            (6, _, _) => (NtStatus::IO_DEVICE_ERROR, true),
            // MEDIUM ERROR.
            (3, _, _) => (NtStatus::DEVICE_DATA_ERROR, false),
            // HARDWARE ERROR.
            (4, _, _) => (NtStatus::IO_DEVICE_ERROR, true),
            // 21/xx LOGICAL BLOCK ADDRESS OUT OF RANGE.
            (5, 0x21, _) => (NtStatus::NONEXISTENT_SECTOR, false),
            // ILLEGAL REQUEST (20/00, 24/00).
            (5, _, _) => (NtStatus::INVALID_DEVICE_REQUEST, false),
            // ABORTED COMMAND.
            (0xB, _, _) => (NtStatus::IO_DEVICE_ERROR, true),
            _ => return None,
        },
        Fault::SelectionTimeout => (NtStatus::DEVICE_NOT_CONNECTED, false),
        Fault::CommandTimeout | Fault::Aborted => (NtStatus::IO_TIMEOUT, true),
        Fault::BusReset => (NtStatus::IO_DEVICE_ERROR, true),
        Fault::Busy => (NtStatus::DEVICE_NOT_READY, true),
        Fault::ShortTransfer { .. } => (NtStatus::DATA_OVERRUN, false),
        // A count larger than the buffer: the driver lost track of the
        // transfer (see `Ctx::send`); only where the command succeeded.
        Fault::OverlongTransfer => (NtStatus::DEVICE_PROTOCOL_ERROR, false),
        Fault::CorruptLength => return None,
    };
    Some(v)
}

/// Where a handler answers differently from the raw table, by design:
/// `Some(status)` replaces the expected status of that cell.
fn handler_answer(id: Ioctl, fault: Fault, scope: Scope, baseline: NtStatus) -> Option<NtStatus> {
    use Ioctl as I;
    let illegal = matches!(
        documented(fault),
        Some((NtStatus::INVALID_DEVICE_REQUEST, _))
    );
    match (id, scope) {
        // GET_MEDIA_TYPES_EX answers from cached state; its TEST UNIT READY
        // only decides the "mounted" flag (spec §2.14).
        (I::StorageGetMediaTypesEx, _) => Some(baseline),
        // STOP_AUDIO: a drive that refuses READ SUB-CHANNEL cannot tell
        // whether it plays, so the stop is sent anyway (and succeeds).
        (I::CdromStopAudio, Scope::First) if illegal => Some(NtStatus::SUCCESS),
        // RESERVE/RELEASE fall back to the 10-byte forms when the 6-byte
        // one is an illegal request (spec §3.6).
        (
            I::CdromReserve | I::StorageReserve | I::CdromRelease | I::StorageRelease,
            Scope::First,
        ) if illegal => Some(baseline),
        _ => None,
    }
}

/// Answers of a short transfer (3 bytes) where the opcode or IOCTL treats
/// an under-run as success (spec §3.4, §3.7): the handler then judges the
/// 3 bytes.
fn short_answer(id: Ioctl, baseline: NtStatus) -> Option<NtStatus> {
    use Ioctl as I;
    match id {
        // Information = the 3 bytes returned (READ_TOC_EX accepts anything
        // from its 2-byte minimum on).
        I::CdromReadToc | I::CdromGetLastSession | I::CdromReadTocEx | I::CdromGetConfiguration => {
            Some(baseline)
        }
        // Fewer bytes than the smallest answer (8-byte performance header,
        // a whole audio page) is refused.
        I::CdromGetPerformance | I::CdromGetVolume | I::CdromSetVolume => {
            Some(NtStatus::INVALID_DEVICE_REQUEST)
        }
        _ => None,
    }
}

/// True when a data count larger than the buffer reaches a command that
/// moved data in the fault-free run (success or under-run): the first
/// command, or any with the fault on every command.
fn overlong_fails(baseline: &[Recorded], scope: Scope) -> bool {
    let moved =
        |c: &Recorded| c.result.is_success() || c.result.srb_status == SrbStatus::DATA_OVERRUN;
    match scope {
        Scope::First => baseline.first().is_some_and(moved),
        Scope::Every => baseline.iter().any(moved),
    }
}

/// True when the fault's sense data says the medium is gone or may have
/// changed: the driver then forgets the play state (spec pitfall 13), a
/// side effect of the answer, not of the request.
fn clears_play_state(fault: Fault) -> bool {
    matches!(
        fault,
        Fault::Sense { key: 6, .. }
            | Fault::Sense {
                key: 2,
                asc: 0x3A,
                ..
            }
    )
}

struct Cell {
    def: &'static IoctlDef,
    fault: (&'static str, Fault),
    scope: Scope,
}

impl Cell {
    fn name(&self) -> String {
        format!("{} / {} / {:?}", self.def.name, self.fault.0, self.scope)
    }
}

fn stack<D: Port>(drive: fn() -> D) -> Stack<FaultInjector<D>> {
    Stack::new(FaultInjector::new(drive(), Plan::Schedule(vec![])))
}

/// A fault-free run of the request on a fresh device: its result and the
/// state it leaves.
fn baseline<D: Port>(drive: fn() -> D, id: Ioctl, code: u32) -> (IoResult, StateSnapshot) {
    let s = stack(drive);
    let h = s.open(Granted::READ_WRITE);
    let (input, out_len) = valid_request(id);
    run_prelude(&s, h, id);
    let r = s.ioctl(h, code, &input, out_len);
    let snap = snapshot(&s, s.file_context(h).as_deref());
    s.close_handle(h);
    s.assert_no_violations();
    (r, snap)
}

/// Longest run of one CDB sent back to back, with its opcode.
fn longest_run(commands: &[Recorded]) -> Option<(u8, usize)> {
    let mut best: Option<(u8, usize)> = None;
    let mut i = 0;
    while i < commands.len() {
        let j = (i..commands.len())
            .find(|&j| commands[j].cdb != commands[i].cdb)
            .unwrap_or(commands.len());
        let run = (commands[i].cdb[0], j - i);
        if best.is_none_or(|(_, n)| run.1 > n) {
            best = Some(run);
        }
        i = j;
    }
    best
}

/// Runs one cell; returns a description of every check that failed.
fn run<D: Port>(drive: fn() -> D, cell: &Cell) -> Vec<String> {
    let mut failures = Vec::new();
    let id = cell.def.id;
    let code = cell.def.code;
    let (input, out_len) = valid_request(id);
    let (base, base_state) = baseline(drive, id, code);

    let s = stack(drive);
    let h = s.open(Granted::READ_WRITE);
    run_prelude(&s, h, id);
    let before = snapshot(&s, s.file_context(h).as_deref());
    let (fault, scope) = (cell.fault.1, cell.scope);
    s.with_port(|p| {
        // The injector counts every command since the device started.
        let next = p.commands();
        let rule = match scope {
            Scope::First => Rule {
                when: When::Nth(next),
                fault,
                times: Some(1),
            },
            Scope::Every => Rule {
                when: When::Always,
                fault,
                times: None,
            },
        };
        p.set_plan(Plan::Schedule(vec![rule]));
    });
    let r = s.ioctl(h, code, &input, out_len);
    let injected = s.with_port(|p| p.injected().len());
    s.with_port(FaultInjector::clear);
    let after = snapshot(&s, s.file_context(h).as_deref());

    // The status.
    let reached_drive = !base.commands.is_empty();
    let expected = if !reached_drive {
        Some(base.status)
    } else if let Some(status) = handler_answer(id, cell.fault.1, cell.scope, base.status) {
        Some(status)
    } else {
        match (cell.fault.1, documented(cell.fault.1)) {
            // The count of a failed command is not looked at: the failure
            // decides, as without the fault.
            (Fault::OverlongTransfer, _) if !overlong_fails(&base.commands, cell.scope) => {
                Some(base.status)
            }
            (Fault::ShortTransfer { .. }, _) => {
                Some(short_answer(id, base.status).unwrap_or(NtStatus::DATA_OVERRUN))
            }
            (_, Some((_, true))) if cell.scope == Scope::First => Some(base.status),
            (_, Some((status, _))) => Some(status),
            (_, None) => None,
        }
    };
    if let Some(want) = expected {
        if r.status != want {
            failures.push(format!("status {} (expected {want})", r.status));
        }
    }
    if reached_drive && injected == 0 {
        failures.push("no fault was injected".to_owned());
    }

    // The retries.
    if let Some((op, n)) = longest_run(&r.commands) {
        let allowed = sense::policy(op).max_retries as usize + 1;
        if n > allowed {
            failures.push(format!(
                "opcode {op:#04x} sent {n} times in a row (policy allows {allowed})"
            ));
        }
    }
    let retryable_first = cell.scope == Scope::First
        && matches!(documented(cell.fault.1), Some((_, true)))
        && reached_drive;
    if retryable_first {
        let first = &r.commands[0].cdb;
        let tries = r.commands.iter().take_while(|c| &c.cdb == first).count();
        if tries != 2 {
            failures.push(format!(
                "first command tried {tries} times (expected the failure and one retry)"
            ));
        }
    }

    let retryable_every = cell.scope == Scope::Every
        && matches!(documented(cell.fault.1), Some((_, true)))
        && reached_drive;
    if retryable_every {
        let first = &r.commands[0].cdb;
        let tries = r.commands.iter().take_while(|c| &c.cdb == first).count();
        let policy = sense::policy(first[0]).max_retries as usize + 1;
        if tries != policy {
            failures.push(format!(
                "first command (opcode {:#04x}) tried {tries} times, policy: {policy}",
                first[0]
            ));
        }
    }

    // The state.
    let want_state = if r.status.is_success() {
        base_state.clone()
    } else if clears_play_state(cell.fault.1) {
        StateSnapshot {
            play_active: false,
            ..before.clone()
        }
    } else {
        before.clone()
    };
    if after != want_state {
        failures.push(format!(
            "state after {} is {after:?}, expected {want_state:?}",
            r.status
        ));
    }

    // The same request without faults on the device as it now is.
    run_prelude(&s, h, id);
    let again = s.ioctl(h, code, &input, out_len);
    if again.status != base.status {
        failures.push(format!(
            "the next request answered {} (fresh device: {})",
            again.status, base.status
        ));
    }
    s.close_handle(h);
    let v = s.violations();
    if !v.is_empty() {
        failures.push(format!("verifier: {v:?}"));
    }
    failures
}

fn cells() -> Vec<Cell> {
    let faults = Fault::SENSE_CLASSES.iter().chain(Fault::TRANSPORT);
    let mut out = Vec::new();
    for def in translated_rows() {
        for &fault in faults.clone() {
            for scope in [Scope::First, Scope::Every] {
                out.push(Cell { def, fault, scope });
            }
        }
    }
    out
}

fn matrix<D: Port>(drive: fn() -> D) {
    let cells = cells();
    let rows = translated_rows().len();
    let faults = Fault::SENSE_CLASSES.len() + Fault::TRANSPORT.len();
    assert_eq!(cells.len(), rows * faults * 2);
    let failures: Vec<String> = cells
        .iter()
        .flat_map(|c| {
            run(drive, c)
                .into_iter()
                .map(move |f| format!("{}: {f}", c.name()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cells failed:\n{}",
        failures.len(),
        cells.len(),
        failures.join("\n")
    );
}

fn silent_rows<D: Port>(drive: fn() -> D) -> Vec<&'static str> {
    translated_rows()
        .into_iter()
        .filter(|d| baseline(drive, d.id, d.code).0.commands.is_empty())
        .map(|d| d.name)
        .collect()
}

#[test]
fn every_translated_ioctl_under_every_fault_on_the_simulated_drive() {
    matrix(SimDrive::with_builtin_disc);
}

#[test]
fn every_translated_ioctl_under_every_fault_on_a_fixed_answer_drive() {
    matrix(GoodDrive::new);
}

#[test]
fn every_translated_row_reaches_the_drive_without_faults() {
    assert_eq!(silent_rows(SimDrive::with_builtin_disc), Vec::<&str>::new());
    assert_eq!(silent_rows(GoodDrive::new), Vec::<&str>::new());
}

fn refused_rows<D: Port>(drive: fn() -> D) -> Vec<String> {
    translated_rows()
        .into_iter()
        .map(|d| (d.name, baseline(drive, d.id, d.code).0.status))
        .filter(|(_, status)| !status.is_success())
        .map(|(name, status)| format!("{name}: {status}"))
        .collect()
}

/// The matrix only means something where the valid request works: on the
/// fixed-answer drive every one does; the simulated drive is a CD-ROM
/// reader, which refuses OPC (5/20/00).
#[test]
fn every_valid_request_succeeds_without_faults() {
    assert_eq!(refused_rows(GoodDrive::new), Vec::<String>::new());
    let sim = refused_rows(SimDrive::with_builtin_disc);
    assert_eq!(
        sim,
        ["IOCTL_CDROM_SEND_OPC_INFORMATION: STATUS_INVALID_DEVICE_REQUEST (0xc0000010)"]
    );
}
