//! The media family through the host stack (KMDF model with verifier
//! checks): removal locks released at cleanup, eject under locks, the
//! media-change poll, a streaming read, and the lower-driver model for
//! passed-down IOCTLs. The drive is a small tray model written here.

use cdfilter_core::device::Event;
use cdfilter_core::handlers::media::poll_media;
use cdfilter_core::port::{Command, DataPhase, Port, PortResult};
use cdfilter_core::status::NtStatus;
use cdfilter_host::model::Granted;
use cdfilter_host::Stack;

const CHECK_VERIFY: u32 = 0x2D4800;
const MEDIA_REMOVAL: u32 = 0x2D4804;
const EJECT_MEDIA: u32 = 0x2D4808;
const LOAD_MEDIA: u32 = 0x2D480C;
const EJECTION_CONTROL: u32 = 0x2D0940;
const MCN_CONTROL: u32 = 0x2D0944;
const GET_MEDIA_TYPES_EX: u32 = 0x2D0C04;
const ENABLE_STREAMING: u32 = 0x24068;
const GET_DEVICE_NUMBER: u32 = 0x2D1080;
const GET_HOTPLUG_INFO: u32 = 0x2D0C14;
const SCSI_GET_ADDRESS: u32 = 0x41018;
const SCSI_PASS_THROUGH: u32 = 0x4D004;
const GET_CONTROL: u32 = 0x24034;
const FIND_NEW_DEVICES: u32 = 0x2D4818;

const PREVENT: [u8; 6] = [0x1E, 0, 0, 0, 1, 0];
const ALLOW: [u8; 6] = [0x1E, 0, 0, 0, 0, 0];

/// A tray-loading MMC drive with a 1000-block disc: enough of TEST UNIT
/// READY, INQUIRY, PREVENT ALLOW, START STOP UNIT, GESN (media class),
/// READ CAPACITY, READ(10)/(12) and WRITE(10); ILLEGAL REQUEST otherwise.
#[derive(Debug, Default)]
struct Tray {
    medium: bool,
    prevented: bool,
    /// UNIT ATTENTION 28/00 pending (a disc was loaded).
    attention: bool,
    /// GESN media event waiting to be reported.
    event: Option<u8>,
    written: Vec<u8>,
}

impl Tray {
    fn loaded() -> Self {
        Self {
            medium: true,
            ..Self::default()
        }
    }
}

fn fill(data: DataPhase<'_>, answer: &[u8]) -> PortResult {
    let DataPhase::In(buf) = data else {
        return PortResult::good(0);
    };
    let n = buf.len().min(answer.len());
    buf[..n].copy_from_slice(&answer[..n]);
    PortResult::good(n as u32)
}

fn sector_bytes(lba: u32, blocks: u32) -> Vec<u8> {
    (0..blocks * 2048)
        .map(|i| (lba.wrapping_add(i / 2048) as u8) ^ (i as u8))
        .collect()
}

impl Port for Tray {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        let c = cmd.cdb.as_bytes().to_vec();
        match c[0] {
            0x00 if !self.medium => PortResult::check_condition(2, 0x3A, 0x01),
            0x00 if self.attention => {
                self.attention = false;
                PortResult::check_condition(6, 0x28, 0x00)
            }
            0x00 => PortResult::good(0),
            0x12 => {
                let mut inquiry = [0u8; 36];
                inquiry[0] = 0x05;
                inquiry[1] = 0x80;
                inquiry[4] = 31;
                inquiry[8..16].copy_from_slice(b"CDFILTER");
                inquiry[16..32].copy_from_slice(b"TRAY MODEL      ");
                fill(cmd.data, &inquiry)
            }
            0x1E => {
                self.prevented = c[4] & 1 != 0;
                PortResult::good(0)
            }
            0x1B if c[4] & 0x02 != 0 => {
                if c[4] & 0x01 == 0 {
                    if self.prevented {
                        return PortResult::check_condition(5, 0x53, 0x02);
                    }
                    self.medium = false;
                    self.event = Some(3);
                } else {
                    self.medium = true;
                    self.attention = true;
                    self.event = Some(2);
                }
                PortResult::good(0)
            }
            0x4A => match self.event.take() {
                Some(code) => fill(
                    cmd.data,
                    &[0, 6, 4, 0x10, code, u8::from(self.medium) << 1, 0, 0],
                ),
                None => fill(cmd.data, &[0, 2, 0x84, 0x10]),
            },
            0x25 if self.medium => fill(cmd.data, &[0, 0, 0x03, 0xE7, 0, 0, 0x08, 0]),
            0x28 | 0xA8 if self.medium => {
                let lba = u32::from_be_bytes([c[2], c[3], c[4], c[5]]);
                let blocks = if c[0] == 0x28 {
                    u32::from(u16::from_be_bytes([c[7], c[8]]))
                } else {
                    u32::from_be_bytes([c[6], c[7], c[8], c[9]])
                };
                fill(cmd.data, &sector_bytes(lba, blocks))
            }
            0x2A => {
                if let DataPhase::Out(b) = cmd.data {
                    self.written.extend_from_slice(b);
                    return PortResult::good(b.len() as u32);
                }
                PortResult::good(0)
            }
            0x25 | 0x28 | 0xA8 => PortResult::check_condition(2, 0x3A, 0x01),
            _ => PortResult::check_condition(5, 0x20, 0x00),
        }
    }

    fn max_transfer_bytes(&self) -> u32 {
        64 * 1024
    }
}

fn stack() -> Stack<Tray> {
    Stack::new(Tray::loaded())
}

#[track_caller]
fn assert_clean(stack: &Stack<Tray>) {
    assert_eq!(stack.violations(), []);
}

fn cdbs(r: &cdfilter_host::IoResult) -> Vec<Vec<u8>> {
    r.commands.iter().map(|c| c.cdb.clone()).collect()
}

fn counts(stack: &Stack<Tray>) -> (u32, u32) {
    stack
        .device()
        .platform
        .with_unit(|u| (u.state.lock_count, u.state.protected_lock_count))
}

#[test]
fn closing_a_handle_releases_its_simple_lock() {
    let stack = stack();
    let h = stack.open(Granted::READ_WRITE);
    let r = stack.ioctl(h, MEDIA_REMOVAL, &[1], 0);
    assert_eq!(
        (r.status, cdbs(&r)),
        (NtStatus::SUCCESS, vec![PREVENT.to_vec()])
    );
    assert!(stack.with_port(|t| t.prevented));
    stack.close_handle(h);
    assert!(!stack.with_port(|t| t.prevented));
    assert_eq!(counts(&stack), (0, 0));
    assert_clean(&stack);
}

#[test]
fn the_tray_stays_locked_until_the_last_locking_handle_closes() {
    let stack = stack();
    let (a, b, c) = (
        stack.open(Granted::READ_WRITE),
        stack.open(Granted::READ_WRITE),
        stack.open(Granted::READ),
    );
    stack.ioctl(a, MEDIA_REMOVAL, &[1], 0);
    stack.ioctl(b, EJECTION_CONTROL, &[1], 0);
    stack.close_handle(a);
    assert!(stack.with_port(|t| t.prevented));
    let busy = stack.ioctl(c, EJECT_MEDIA, &[], 0);
    assert_eq!(
        (busy.status, busy.commands.len()),
        (NtStatus::DEVICE_BUSY, 0)
    );
    stack.close_handle(b);
    assert!(!stack.with_port(|t| t.prevented));
    let eject = stack.ioctl(c, EJECT_MEDIA, &[], 0);
    assert_eq!(eject.status, NtStatus::SUCCESS);
    assert!(!stack.with_port(|t| t.medium));
    stack.close_handle(c);
    assert_clean(&stack);
}

#[test]
fn a_simple_lock_lets_the_drive_refuse_the_eject() {
    let stack = stack();
    let h = stack.open(Granted::READ);
    stack.ioctl(h, MEDIA_REMOVAL, &[1], 0);
    let r = stack.ioctl(h, EJECT_MEDIA, &[], 0);
    assert_eq!(r.status, NtStatus::INVALID_DEVICE_REQUEST);
    assert!(stack.with_port(|t| t.medium));
    let r = stack.ioctl(h, MEDIA_REMOVAL, &[0], 0);
    assert_eq!(cdbs(&r), vec![ALLOW.to_vec()]);
    stack.close_handle(h);
    assert_clean(&stack);
}

#[test]
fn polling_reports_eject_and_load() {
    let stack = stack();
    let h = stack.open(Granted::READ);
    stack.ioctl(h, EJECT_MEDIA, &[], 0);
    poll_media(stack.device());
    stack.ioctl(h, LOAD_MEDIA, &[], 0);
    poll_media(stack.device());
    assert_eq!(
        stack.device().platform.take_events(),
        [Event::MediaRemoval, Event::MediaArrival]
    );
    // The loaded disc's UNIT ATTENTION is retried (no volume) and counted.
    let r = stack.ioctl(h, CHECK_VERIFY, &[], 4);
    assert_eq!(
        (r.status, r.data()),
        (NtStatus::SUCCESS, &[3u8, 0, 0, 0][..])
    );
    stack.close_handle(h);
    assert_clean(&stack);
}

#[test]
fn polling_waits_while_mcn_is_disabled() {
    let stack = stack();
    let h = stack.open(Granted::NONE);
    stack.ioctl(h, MCN_CONTROL, &[1], 0);
    stack.with_port(|t| t.event = Some(2));
    poll_media(stack.device());
    assert_eq!(stack.device().platform.take_events(), []);
    stack.close_handle(h);
    poll_media(stack.device());
    assert_eq!(stack.device().platform.take_events(), [Event::MediaArrival]);
    assert_clean(&stack);
}

#[test]
fn polling_is_suspended_under_an_exclusive_lock() {
    let stack = stack();
    stack.with_port(|t| t.event = Some(2));
    stack
        .device()
        .shared
        .exclusive_owner
        .store(99, std::sync::atomic::Ordering::Release);
    poll_media(stack.device());
    let pending = stack
        .device()
        .platform
        .with_unit(|u| (u.state.event_pending, u.port.log().len()));
    assert_eq!(pending, (true, 0));
    assert_eq!(stack.device().platform.take_events(), []);
}

#[test]
fn media_types_of_an_mmc_drive_through_the_stack() {
    let stack = stack();
    stack.device().platform.with_unit(|u| {
        u.state.caps.mmc = true;
        u.state.caps.current_profile = 0x0008;
    });
    let h = stack.open(Granted::NONE);
    let r = stack.ioctl(h, GET_MEDIA_TYPES_EX, &[], 100);
    assert_eq!((r.status, r.information), (NtStatus::SUCCESS, 72));
    assert_eq!(&r.data()[..8], &[2, 0, 0, 0, 2, 0, 0, 0]);
    assert_eq!(&r.data()[36..40], &[4, 0, 0, 0x80]);
    stack.close_handle(h);
    assert_clean(&stack);
}

#[test]
fn a_streaming_handle_reads_with_read12_into_the_callers_buffer() {
    let stack = stack();
    stack.device().platform.with_unit(|u| {
        u.state.caps.stale = false;
        u.state.caps.streaming_read = true;
    });
    let h = stack.open(Granted::READ);
    let e = stack.ioctl(h, ENABLE_STREAMING, &[2, 0, 0, 0], 0);
    assert_eq!(e.status, NtStatus::SUCCESS);
    let r = stack.read(h, 16 * 2048, 4096);
    assert_eq!((r.status, r.passed_down), (NtStatus::SUCCESS, false));
    assert_eq!(
        cdbs(&r),
        vec![vec![0xA8, 0, 0, 0, 0, 16, 0, 0, 0, 2, 0x80, 0]]
    );
    assert_eq!(r.commands[0].data_addr, r.output.as_ptr() as usize);
    assert_eq!(r.output, sector_bytes(16, 2));
    let plain = stack.read(stack.open(Granted::READ), 16 * 2048, 2048);
    assert_eq!(cdbs(&plain), vec![vec![0x28, 0, 0, 0, 0, 16, 0, 0, 1, 0]]);
    assert_clean(&stack);
}

// ---- the lower-driver model ----

#[test]
fn device_number_comes_from_below() {
    let stack = stack();
    let h = stack.open(Granted::NONE);
    let r = stack.ioctl(h, GET_DEVICE_NUMBER, &[], 12);
    assert!(r.passed_down);
    assert_eq!(
        (r.status, r.data()),
        (
            NtStatus::SUCCESS,
            &[2, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF][..]
        )
    );
    let small = stack.ioctl(h, GET_DEVICE_NUMBER, &[], 8);
    assert_eq!(
        (small.status, small.information),
        (NtStatus::BUFFER_TOO_SMALL, 12)
    );
    assert_clean(&stack);
}

#[test]
fn hotplug_info_and_scsi_address_come_from_below() {
    let stack = stack();
    let h = stack.open(Granted::NONE);
    let hp = stack.ioctl(h, GET_HOTPLUG_INFO, &[], 8);
    let addr = stack.ioctl(h, SCSI_GET_ADDRESS, &[], 8);
    assert_eq!(hp.data(), &[8, 0, 0, 0, 1, 0, 0, 0]);
    assert_eq!(addr.data(), &[8, 0, 0, 0, 0, 0, 0, 0]);
    assert!(hp.passed_down && addr.passed_down);
    assert_clean(&stack);
}

#[test]
fn obsolete_and_bus_codes_are_refused_below() {
    let stack = stack();
    let h = stack.open(Granted::READ);
    let control = stack.ioctl(h, GET_CONTROL, &[], 8);
    let find = stack.ioctl(h, FIND_NEW_DEVICES, &[], 0);
    assert!(control.passed_down && find.passed_down);
    assert_eq!(control.status, NtStatus::INVALID_DEVICE_REQUEST);
    assert_eq!(find.status, NtStatus::INVALID_DEVICE_REQUEST);
    assert_clean(&stack);
}

/// SCSI_PASS_THROUGH (x64) with the sense buffer at 56 and the data at 80.
fn spt(cdb: &[u8], data_in: u8, data_len: u32, sense_len: u8) -> Vec<u8> {
    let mut b = vec![0u8; 56];
    b[0] = 56;
    b[6] = cdb.len() as u8;
    b[7] = sense_len;
    b[8] = data_in;
    b[12..16].copy_from_slice(&data_len.to_le_bytes());
    b[16..20].copy_from_slice(&10u32.to_le_bytes());
    b[24] = 80;
    b[32] = 56;
    b[36..36 + cdb.len()].copy_from_slice(cdb);
    b
}

#[test]
fn pass_through_runs_the_callers_cdb() {
    let stack = stack();
    let h = stack.open(Granted::READ_WRITE);
    let r = stack.ioctl(
        h,
        SCSI_PASS_THROUGH,
        &spt(&[0x12, 0, 0, 0, 36, 0], 1, 36, 18),
        116,
    );
    assert!(r.passed_down);
    assert_eq!((r.status, r.information), (NtStatus::SUCCESS, 116));
    assert_eq!(cdbs(&r), vec![vec![0x12, 0, 0, 0, 36, 0]]);
    assert_eq!(r.output[2], 0, "ScsiStatus");
    assert_eq!(r.output[7], 0, "SenseInfoLength");
    assert_eq!(&r.output[12..16], &[36, 0, 0, 0], "DataTransferLength");
    assert_eq!(&r.output[88..96], b"CDFILTER");
    assert_clean(&stack);
}

#[test]
fn pass_through_returns_check_condition_and_sense() {
    let stack = stack();
    stack.with_port(|t| t.medium = false);
    let h = stack.open(Granted::READ_WRITE);
    let r = stack.ioctl(h, SCSI_PASS_THROUGH, &spt(&[0; 6], 2, 0, 18), 80);
    assert_eq!((r.status, r.information), (NtStatus::SUCCESS, 74));
    assert_eq!(r.output[2], 2, "CHECK CONDITION");
    assert_eq!(r.output[7], 18);
    assert_eq!(&r.output[56..59], &[0x70, 0, 2]);
    assert_eq!(&r.output[68..70], &[0x3A, 0x01]);
    assert_clean(&stack);
}

#[test]
fn pass_through_sends_data_out() {
    let stack = stack();
    let h = stack.open(Granted::READ_WRITE);
    let mut input = spt(&[0x2A, 0, 0, 0, 0, 7, 0, 0, 1, 0], 0, 2048, 0);
    input.resize(80, 0);
    input.extend((0..2048).map(|i| i as u8));
    let r = stack.ioctl(h, SCSI_PASS_THROUGH, &input, 56);
    assert_eq!((r.status, r.information), (NtStatus::SUCCESS, 56));
    assert_eq!(&r.output[12..16], &[0, 8, 0, 0]);
    assert_eq!(stack.with_port(|t| t.written.clone()), input[80..].to_vec());
    assert_clean(&stack);
}

#[test]
fn malformed_pass_through_is_invalid_parameter() {
    let stack = stack();
    let h = stack.open(Granted::READ_WRITE);
    let mut wrong_length = spt(&[0; 6], 2, 0, 0);
    wrong_length[0] = 44;
    let bad_cdb = spt(&[0; 7], 2, 0, 0);
    let outside = spt(&[0x12, 0, 0, 0, 36, 0], 1, 36, 0);
    let results = [
        stack.ioctl(h, SCSI_PASS_THROUGH, &wrong_length, 56).status,
        stack.ioctl(h, SCSI_PASS_THROUGH, &bad_cdb, 56).status,
        stack.ioctl(h, SCSI_PASS_THROUGH, &outside, 100).status,
        stack.ioctl(h, SCSI_PASS_THROUGH, &[0; 20], 56).status,
    ];
    assert_eq!(results, [NtStatus::INVALID_PARAMETER; 4]);
    assert_clean(&stack);
}
