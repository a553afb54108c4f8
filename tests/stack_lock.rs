//! The two-handle exclusive-lock scenario, through the host stack and
//! through the `cdromctl script --json` binary:
//!
//! 1. A locks the device (IOCTL_CDROM_EXCLUSIVE_ACCESS, LockDevice);
//! 2. A's READ_TOC succeeds;
//! 3. B's READ_TOC is STATUS_ACCESS_DENIED and reaches no drive;
//! 4. B's GET_INQUIRY_DATA succeeds (it is on the allow-list);
//! 5. B's IRP_MJ_READ and IRP_MJ_WRITE are STATUS_ACCESS_DENIED;
//! 6. A's handle is closed (cleanup releases the lock);
//! 7. B's READ_TOC succeeds.
//!
//! Meanwhile the class driver below has its media-change polling paused.
//!
//! The tool is located by [`stack_common::cdromctl`].

mod stack_common;

use assert_cmd::Command as Cmd;
use cdfilter_core::device::Event;
use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::status::NtStatus;
use cdfilter_host::model::Granted;
use cdfilter_host::sim::SimDrive;
use cdfilter_host::Stack;
use serde_json::{json, Value};

use stack_common::{
    assert_io, cdromctl, exclusive_access, exclusive_lock, hex_compact, lock_state_locked, Expect,
    CDB_READ_TOC, INQUIRY, LOCK_NAME, TOC_MSF,
};

const DENIED: NtStatus = NtStatus::ACCESS_DENIED;

#[test]
fn second_handle_is_locked_out_until_the_holder_closes() {
    let s = Stack::new(SimDrive::default());
    let a = s.open(Granted::READ_WRITE);
    let b = s.open(Granted::READ_WRITE);
    let exclusive = Ioctl::CdromExclusiveAccess.code();
    let toc = Ioctl::CdromReadToc.code();

    let lock = s.ioctl(a, exclusive, &exclusive_lock(0, LOCK_NAME), 0);
    let a_toc = s.ioctl(a, toc, &[], 804);
    let b_toc = s.ioctl(b, toc, &[], 804);
    let b_inquiry = s.ioctl(b, Ioctl::CdromGetInquiryData.code(), &[], 36);
    let b_query = s.ioctl(b, exclusive, &exclusive_access(0, 0), 65);
    let b_read = s.read(b, 0, 2048);
    let b_write = s.write(b, 0, &[0x5A; 2048]);
    let a_read = s.read(a, 16 * 2048, 2048);
    let a_write = s.write(a, 16 * 2048, &[0x5A; 2048]);
    let paused_while_locked = s.lower_polling_suspended();
    s.close_handle(a);
    let paused_after_close = s.lower_polling_suspended();
    let b_toc_after = s.ioctl(b, toc, &[], 804);
    s.close_handle(b);

    assert_io(&lock, &Expect::ok(&[], &[]));
    assert_io(&a_toc, &Expect::ok(&TOC_MSF, &[&CDB_READ_TOC]));
    assert_io(&b_toc, &Expect::fail(DENIED, &[]));
    assert_io(&b_inquiry, &Expect::ok(&INQUIRY, &[]));
    assert_io(&b_query, &Expect::ok(&lock_state_locked(), &[]));
    assert_io(&b_read, &Expect::fail(DENIED, &[]));
    // The holder's read passes down: READ(10) of LBA 16, the primary
    // volume descriptor (type 1, "CD001", version 1).
    assert_eq!(
        (a_read.status, a_read.information, a_read.passed_down),
        (NtStatus::SUCCESS, 2048, true)
    );
    assert_eq!(&a_read.output[..7], &[1, b'C', b'D', b'0', b'0', b'1', 1]);
    assert_eq!(
        a_read
            .commands
            .iter()
            .map(|c| c.cdb.clone())
            .collect::<Vec<_>>(),
        [vec![0x28, 0, 0, 0, 0, 16, 0, 0, 1, 0]]
    );
    assert_eq!(
        (b_write.status, b_write.information, b_write.passed_down),
        (DENIED, 0, false)
    );
    assert!(b_write.commands.is_empty());
    // The holder's write passes down as WRITE(10) of LBA 16; the simulated
    // drive is a reader and refuses the opcode (5/20/00).
    assert_eq!(
        (a_write.status, a_write.passed_down),
        (NtStatus::INVALID_DEVICE_REQUEST, true)
    );
    assert_eq!(a_write.commands[0].cdb, [0x2A, 0, 0, 0, 0, 16, 0, 0, 1, 0]);
    assert!(paused_while_locked && !paused_after_close);
    assert_io(&b_toc_after, &Expect::ok(&TOC_MSF, &[&CDB_READ_TOC]));
    // Lock, then the holder's cleanup: the removal/arrival pair so the
    // system looks at the medium again, and the unlock.
    assert_eq!(
        s.device().platform.events(),
        [
            Event::ExclusiveLock,
            Event::MediaRemoval,
            Event::MediaArrival,
            Event::ExclusiveUnlock
        ]
    );
    assert_eq!(s.violations(), []);
}

// ---------------------------------------------------------------------------
// Through the tool.

/// Asserts that `actual` has every key of `expected` with the same value
/// (the tool may add keys; the documented ones must be exact).
#[track_caller]
fn assert_fields(actual: &Value, expected: &Value) {
    let (Some(a), Some(e)) = (actual.as_object(), expected.as_object()) else {
        panic!("not objects: {actual} / {expected}");
    };
    for (k, v) in e {
        assert_eq!(a.get(k), Some(v), "key {k} of {actual}");
    }
}

fn ioctl_line(
    step: u64,
    handle: &str,
    name: &str,
    code: u32,
    status: NtStatus,
    out: &[u8],
) -> Value {
    let cdbs: Vec<String> = if status.is_success() && name == "IOCTL_CDROM_READ_TOC" {
        vec![hex_compact(&CDB_READ_TOC)]
    } else {
        Vec::new()
    };
    json!({
        "step": step,
        "handle": handle,
        "ioctl": name,
        "code": code,
        "status": status.name().unwrap_or_default(),
        "ntstatus": status.0,
        "information": out.len(),
        "out": hex_compact(out),
        "cdbs": cdbs,
    })
}

#[test]
fn cdromctl_script_runs_the_lock_scenario() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("lock.script");
    let lock = hex_compact(&exclusive_lock(0, LOCK_NAME));
    std::fs::write(
        &script,
        format!(
            "open A\n\
             open B\n\
             A ioctl IOCTL_CDROM_EXCLUSIVE_ACCESS --in {lock} --out-len 0\n\
             A ioctl IOCTL_CDROM_READ_TOC --out-len 804\n\
             B ioctl IOCTL_CDROM_READ_TOC --out-len 804\n\
             B ioctl IOCTL_CDROM_GET_INQUIRY_DATA --out-len 36\n\
             B read --offset 0 --len 2048\n\
             close A\n\
             B ioctl IOCTL_CDROM_READ_TOC --out-len 804\n\
             close B\n"
        ),
    )
    .expect("write script");

    let run = Cmd::new(cdromctl())
        .args(["--json", "script"])
        .arg(&script)
        .assert()
        .success();

    let stdout = String::from_utf8_lossy(&run.get_output().stdout).into_owned();
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let exclusive = Ioctl::CdromExclusiveAccess.code();
    let toc = Ioctl::CdromReadToc.code();
    let inquiry = Ioctl::CdromGetInquiryData.code();
    let ok = NtStatus::SUCCESS;
    let expected = [
        json!({"step": 1, "handle": "A", "action": "open"}),
        json!({"step": 2, "handle": "B", "action": "open"}),
        ioctl_line(3, "A", "IOCTL_CDROM_EXCLUSIVE_ACCESS", exclusive, ok, &[]),
        ioctl_line(4, "A", "IOCTL_CDROM_READ_TOC", toc, ok, &TOC_MSF),
        ioctl_line(5, "B", "IOCTL_CDROM_READ_TOC", toc, DENIED, &[]),
        ioctl_line(
            6,
            "B",
            "IOCTL_CDROM_GET_INQUIRY_DATA",
            inquiry,
            ok,
            &INQUIRY,
        ),
        json!({
            "step": 7, "handle": "B", "action": "read",
            "status": "STATUS_ACCESS_DENIED", "ntstatus": DENIED.0,
            "information": 0, "out": "", "cdbs": [],
        }),
        json!({"step": 8, "handle": "A", "action": "close"}),
        ioctl_line(9, "B", "IOCTL_CDROM_READ_TOC", toc, ok, &TOC_MSF),
        json!({"step": 10, "handle": "B", "action": "close"}),
    ];
    assert_eq!(lines.len(), expected.len(), "{stdout}");
    for (actual, expected) in lines.iter().zip(&expected) {
        assert_fields(actual, expected);
    }
}

/// What a handle locked out by another handle's exclusive lock gets for
/// the rows the lock does not guard (rawread-exclusive-audio.md §3.5);
/// every other row is STATUS_ACCESS_DENIED before any validation.
fn allowed_under_lock(id: Ioctl) -> Option<(Vec<u8>, usize, Expect)> {
    use Ioctl as I;
    let media_types = {
        // No TEST UNIT READY for a locked-out caller, so no entry is
        // flagged mounted (spec §2.14); no READ CAPACITY yet, so 0 bytes
        // per sector.
        let mut v = vec![2, 0, 0, 0, 2, 0, 0, 0];
        for (media_type, flags) in [(0x33u8, 0x04u8), (0x0B, 0x08)] {
            v.extend_from_slice(&[0; 8]);
            v.extend_from_slice(&[media_type, 0, 0, 0, 0x40, 0, 0, 0, 0x20, 0, 0, 0]);
            v.extend_from_slice(&[0, 0, 0, 0, 1, 0, 0, 0, flags, 0, 0, 0]);
        }
        v
    };
    let down = Expect::fail(NtStatus::INVALID_DEVICE_REQUEST, &[]).below();
    Some(match id {
        I::CdromExclusiveAccess => (
            exclusive_access(0, 0),
            65,
            Expect::ok(&lock_state_locked(), &[]),
        ),
        I::CdromGetInquiryData => (Vec::new(), 36, Expect::ok(&INQUIRY, &[])),
        I::StorageGetMediaTypesEx => (Vec::new(), 72, Expect::ok(&media_types, &[])),
        I::StorageGetHotplugInfo => (
            Vec::new(),
            8,
            Expect::ok(&[8, 0, 0, 0, 1, 0, 0, 0], &[]).below(),
        ),
        I::StorageGetDeviceNumber => (
            Vec::new(),
            12,
            Expect::ok(&[2, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF], &[]).below(),
        ),
        I::ScsiGetAddress => (
            Vec::new(),
            8,
            Expect::ok(&[8, 0, 0, 0, 0, 0, 0, 0], &[]).below(),
        ),
        // A standard query of the device descriptor passes the filter.
        I::StorageQueryProperty => (vec![0; 12], 64, down),
        // Mount-manager codes are not of a guarded device type.
        I::MountdevQueryUniqueId
        | I::MountdevQueryDeviceName
        | I::MountdevQuerySuggestedLinkName => (Vec::new(), 64, down),
        _ => return None,
    })
}

#[test]
fn every_row_from_a_locked_out_handle() {
    let mut failures = Vec::new();

    for def in cdfilter_core::ioctl::TABLE {
        let stack = Stack::new(SimDrive::default());
        let holder = stack.open(Granted::READ_WRITE);
        let other = stack.open(Granted::READ_WRITE);
        let lock = stack.ioctl(
            holder,
            Ioctl::CdromExclusiveAccess.code(),
            &exclusive_lock(0, LOCK_NAME),
            0,
        );
        assert_eq!(lock.status, NtStatus::SUCCESS);
        let (input, out_len, expect) = allowed_under_lock(def.id)
            .unwrap_or_else(|| (vec![0; 72], 64, Expect::fail(DENIED, &[])));

        let result = stack.ioctl(other, def.code, &input, out_len);

        stack.close_handle(other);
        stack.close_handle(holder);
        if let Err(d) = stack_common::check(&result, &expect) {
            failures.push(format!("{}:\n  {d}", def.name));
        }
        let v = stack.violations();
        if !v.is_empty() {
            failures.push(format!("{}: verifier {v:?}", def.name));
        }
    }

    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_locked_out_property_query_of_another_property_is_denied() {
    let s = Stack::new(SimDrive::default());
    let a = s.open(Granted::READ_WRITE);
    let b = s.open(Granted::READ_WRITE);
    let _ = s.ioctl(
        a,
        Ioctl::CdromExclusiveAccess.code(),
        &exclusive_lock(0, LOCK_NAME),
        0,
    );
    // PropertyId 3 (StorageDeviceIdProperty), PropertyStandardQuery.
    let mut query = 3u32.to_le_bytes().to_vec();
    query.extend_from_slice(&[0; 8]);

    let r = s.ioctl(b, Ioctl::StorageQueryProperty.code(), &query, 64);

    assert_io(&r, &Expect::fail(DENIED, &[]));
    assert_eq!(s.violations(), []);
}
