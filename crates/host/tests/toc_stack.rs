//! The TOC and information IOCTLs through the host stack (KMDF model with
//! verifier checks) over a small fixed drive: answers, Information, and no
//! byte written past Information or left unwritten before it.

mod toc_support;
mod tools_support;

use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::port::{Command, DataPhase, Port, PortResult, SrbStatus};
use cdfilter_core::scsi::msf::Msf;
use cdfilter_core::status::NtStatus;
use cdfilter_host::model::Granted;
use cdfilter_host::Stack;
use toc_support::{assert_stack_agrees, OracleToc, OracleTrack};

/// A drive with one disc: data track 1 at LBA 0, audio track 2 (copy
/// permitted, pre-emphasis) at 325, audio track 3 at 700, lead-out 850.
/// It knows INQUIRY, READ TOC formats 0 and 1, READ CAPACITY and GET
/// CONFIGURATION; short answers are reported as under-runs
/// (SRB_STATUS_DATA_OVERRUN with the real count), like ATAPI ports do.
#[derive(Debug, Default)]
struct FixedDrive;

const TRACKS: [(u8, u8, u32); 3] = [(1, 0x4, 0), (2, 0x3, 325), (3, 0x0, 700)];
const LEAD_OUT: u32 = 850;

fn address(lba: u32, msf: bool) -> [u8; 4] {
    if msf {
        let m = Msf::from_lba(lba).expect("MSF");
        [0, m.m, m.s, m.f]
    } else {
        lba.to_be_bytes()
    }
}

fn with_length(mut body: Vec<u8>) -> Vec<u8> {
    let len = u16::try_from(body.len() - 2).expect("length");
    body[..2].copy_from_slice(&len.to_be_bytes());
    body
}

impl FixedDrive {
    fn answer(cdb: &[u8]) -> Result<Vec<u8>, PortResult> {
        match cdb[0] {
            0x12 => {
                let mut d = vec![0u8; 36];
                d[..5].copy_from_slice(&[0x05, 0x80, 0x00, 0x32, 31]);
                d[8..16].copy_from_slice(b"CDFILTER");
                d[16..32].copy_from_slice(b"FIXED DRIVE     ");
                d[32..36].copy_from_slice(b"1.00");
                Ok(d)
            }
            0x25 => Ok([(LEAD_OUT - 1).to_be_bytes(), 2048u32.to_be_bytes()].concat()),
            0x43 => {
                let msf = cdb[1] & 0x02 != 0;
                match cdb[2] & 0x0F {
                    0 => {
                        let mut d = vec![0, 0, 1, 3];
                        let from = cdb[6];
                        for (n, control, lba) in TRACKS.iter().filter(|t| t.0 >= from) {
                            d.extend_from_slice(&[0, 0x10 | control, *n, 0]);
                            d.extend_from_slice(&address(*lba, msf));
                        }
                        d.extend_from_slice(&[0, 0x10, 0xAA, 0]);
                        d.extend_from_slice(&address(LEAD_OUT, msf));
                        Ok(with_length(d))
                    }
                    1 => {
                        let mut d = vec![0, 0, 1, 1, 0, 0x14, 1, 0];
                        d.extend_from_slice(&address(0, msf));
                        Ok(with_length(d))
                    }
                    _ => Err(PortResult::check_condition(5, 0x24, 0)),
                }
            }
            0x46 => Ok(vec![
                0, 0, 0, 0x10, 0, 0, 0x00, 0x08, //
                0x00, 0x00, 0x03, 0x04, 0x00, 0x08, 0x01, 0x00, 0x00, 0x01, 0x0B, 0x00,
            ]),
            _ => Err(PortResult::check_condition(5, 0x20, 0)),
        }
    }
}

impl Port for FixedDrive {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        let data = match Self::answer(cmd.cdb.as_bytes()) {
            Ok(d) => d,
            Err(r) => return r,
        };
        let DataPhase::In(buf) = cmd.data else {
            return PortResult::check_condition(5, 0x24, 0);
        };
        let n = buf.len().min(data.len());
        buf[..n].copy_from_slice(&data[..n]);
        let transferred = u32::try_from(n).expect("count");
        if n < buf.len() {
            PortResult {
                transferred,
                ..PortResult::srb_error(SrbStatus::DATA_OVERRUN)
            }
        } else {
            PortResult::good(transferred)
        }
    }

    fn max_transfer_bytes(&self) -> u32 {
        64 * 1024
    }
}

fn oracle() -> OracleToc {
    let track = |number, mode: &str, copy, pre_emphasis, start, end| OracleTrack {
        number,
        mode: mode.to_owned(),
        copy,
        pre_emphasis,
        four_channel: false,
        pregap: 0,
        start,
        end,
    };
    OracleToc {
        toc_type: "CD_ROM".to_owned(),
        catalog: None,
        tracks: vec![
            track(1, "MODE1", false, false, 0, 325),
            track(2, "AUDIO", true, true, 325, 700),
            track(3, "AUDIO", false, false, 700, LEAD_OUT),
        ],
    }
}

#[test]
fn toc_family_answers_pass_the_verifier() {
    let stack = Stack::new(FixedDrive);
    let report = assert_stack_agrees(&stack, &oracle());
    assert!(report.contains("lead-out           850"), "{report}");
}

#[test]
fn read_toc_ex_format_the_drive_rejects_fails_with_its_status() {
    let stack = Stack::new(FixedDrive);
    let h = stack.open(Granted::READ);
    let r = stack.ioctl(h, Ioctl::CdromReadTocEx.code(), &[0x05, 0, 0, 0], 1024);
    assert_eq!(
        (r.status, r.information),
        (NtStatus::INVALID_DEVICE_REQUEST, 0)
    );
    assert_eq!(r.commands.len(), 1);
    assert_eq!(stack.violations(), Vec::new());
}

#[test]
fn inquiry_data_is_the_start_up_cache() {
    let stack = Stack::new(FixedDrive);
    let h = stack.open(Granted::READ);
    let r = stack.ioctl(h, Ioctl::CdromGetInquiryData.code(), &[], 96);
    assert_eq!((r.status, r.information), (NtStatus::SUCCESS, 36));
    assert_eq!(&r.data()[8..16], b"CDFILTER");
    assert!(r.commands.is_empty());
    let r = stack.ioctl(h, Ioctl::CdromGetInquiryData.code(), &[], 16);
    assert_eq!((r.status, r.information), (NtStatus::BUFFER_OVERFLOW, 16));
    assert_eq!(stack.violations(), Vec::new());
}

#[test]
fn geometry_family_through_the_stack() {
    let stack = Stack::new(FixedDrive);
    let h = stack.open(Granted::READ);
    let r = stack.ioctl(h, Ioctl::CdromGetDriveGeometryEx.code(), &[], 40);
    assert_eq!((r.status, r.information), (NtStatus::SUCCESS, 32));
    assert_eq!(r.data()[24..32], (850u64 * 2048).to_le_bytes());
    let r = stack.ioctl(h, Ioctl::DiskGetLengthInfo.code(), &[], 8);
    assert_eq!(r.data(), (850u64 * 2048).to_le_bytes());
    let r = stack.ioctl(h, Ioctl::StorageReadCapacity.code(), &[], 32);
    assert_eq!((r.status, r.information), (NtStatus::SUCCESS, 32));
    assert_eq!(r.data()[16..24], 850u64.to_le_bytes());
    let r = stack.ioctl(h, Ioctl::DiskGetDriveGeometry.code(), &[], 24);
    assert_eq!((r.status, r.information), (NtStatus::SUCCESS, 24));
    assert_eq!(r.data()[8..12], 11u32.to_le_bytes());
    assert_eq!(stack.violations(), Vec::new());
}

#[test]
fn configuration_through_the_stack() {
    let stack = Stack::new(FixedDrive);
    stack
        .device()
        .platform
        .with_unit(|u| u.state.caps.mmc = true);
    let h = stack.open(Granted::READ);
    let r = stack.ioctl(h, Ioctl::CdromGetConfiguration.code(), &[0; 24], 1024);
    assert_eq!((r.status, r.information), (NtStatus::SUCCESS, 20));
    assert_eq!(r.commands.len(), 1);
    assert_eq!(stack.violations(), Vec::new());
}
