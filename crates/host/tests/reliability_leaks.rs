//! No stale bytes: every IOCTL that returns data and has no side effect is
//! sent twice with two poison patterns that differ in every byte
//! (`Stack::ioctl_leak_checked`), over the simulated drive and the
//! fixed-answer drive, with the output exactly the size needed, one byte
//! larger, and much larger, and with drives whose answers are short, whose
//! length fields lie, or whose data is all zero. Any byte inside
//! Information that follows the poison was never written.

mod reliability_support;

use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::port::Port;
use cdfilter_host::fault::{Fault, FaultInjector, Plan, Rule, When};
use cdfilter_host::model::Granted;
use cdfilter_host::sim::SimDrive;
use cdfilter_host::Stack;
use reliability_support::{valid_request, GoodDrive};

/// The IOCTLs that return data without changing any state.
const READERS: [Ioctl; 16] = [
    Ioctl::CdromReadToc,
    Ioctl::CdromReadTocEx,
    Ioctl::CdromGetLastSession,
    Ioctl::CdromGetVolume,
    Ioctl::CdromReadQChannel,
    Ioctl::CdromRawRead,
    Ioctl::CdromGetDriveGeometry,
    Ioctl::CdromGetDriveGeometryEx,
    Ioctl::DiskGetLengthInfo,
    Ioctl::StorageReadCapacity,
    Ioctl::CdromGetConfiguration,
    Ioctl::CdromGetInquiryData,
    Ioctl::CdromExclusiveAccess,
    Ioctl::CdromGetPerformance,
    Ioctl::StorageCheckVerify,
    Ioctl::StorageGetMediaTypesEx,
];

/// Output lengths tried for a request whose valid output is `n`.
fn lengths(id: Ioctl, n: usize) -> Vec<usize> {
    match id {
        // RAW_READ's output is the sectors: exactly, or larger.
        Ioctl::CdromRawRead => vec![n, n + 1, n + 4096],
        _ => vec![n, n + 1, n + 4096, 0xFFFF],
    }
}

fn check<P: Port>(label: &str, make: impl Fn() -> P) -> usize {
    check_with(label, make, |_| {})
}

/// [`check`] with `started` run on each stack after the device started.
fn check_with<P: Port>(label: &str, make: impl Fn() -> P, started: impl Fn(&Stack<P>)) -> usize {
    let mut requests = 0;
    for id in READERS {
        let (input, out_len) = valid_request(id);
        for len in lengths(id, out_len) {
            let stack = Stack::new(make());
            started(&stack);
            let h = stack.open(Granted::READ_WRITE);
            let r = stack.ioctl_leak_checked(h, id.code(), &input, len);
            stack.close_handle(h);
            let v = stack.violations();
            assert!(
                v.is_empty(),
                "{label}: {id:?} with a {len}-byte output ({}): {v:#?}",
                r.status
            );
            requests += 2;
        }
    }
    requests
}

#[test]
fn answers_are_fully_written_on_the_simulated_drive() {
    assert!(check("sim", SimDrive::with_builtin_disc) > 0);
}

#[test]
fn answers_are_fully_written_on_the_fixed_answer_drive() {
    assert!(check("fixed", GoodDrive::new) > 0);
}

#[test]
fn answers_are_fully_written_when_the_drive_misbehaves() {
    for (name, fault) in [
        ("short transfer", Fault::ShortTransfer { keep: 3 }),
        ("corrupt length", Fault::CorruptLength),
        ("overlong count", Fault::OverlongTransfer),
    ] {
        let fail_every_command = |stack: &Stack<FaultInjector<SimDrive>>| {
            stack.with_port(|p| {
                p.set_plan(Plan::Schedule(vec![Rule {
                    when: When::Always,
                    fault,
                    times: None,
                }]));
            });
        };
        let drive = || FaultInjector::new(SimDrive::with_builtin_disc(), Plan::Schedule(vec![]));
        assert!(check_with(name, drive, fail_every_command) > 0);
    }
}

/// A drive that answers every data-in command with zeros (a zero byte is
/// never poison, so this also checks the model does not flag it), except
/// INQUIRY, whose all-zero answer the driver refuses at start.
struct Zeros;

impl Port for Zeros {
    fn execute(&mut self, cmd: cdfilter_core::port::Command<'_>) -> cdfilter_core::PortResult {
        let inquiry = cmd.cdb.opcode() == 0x12;
        let n = cmd.data.len();
        if let cdfilter_core::DataPhase::In(b) = cmd.data {
            b.fill(0);
            if inquiry && b.len() >= 5 {
                b[..5].copy_from_slice(&[0x05, 0x80, 0x05, 0x32, 31]);
            }
        }
        cdfilter_core::PortResult::good(n as u32)
    }

    fn max_transfer_bytes(&self) -> u32 {
        65536
    }
}

#[test]
fn answers_are_fully_written_on_an_all_zero_drive() {
    assert!(check("zeros", || Zeros) > 0);
}
