//! The driver over the simulated drive: IOCTLs through the KMDF model and
//! the core land on the drive as CDBs and come back as Windows structures.

mod sim_support;

use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::status::NtStatus;
use cdfilter_host::model::Granted;
use cdfilter_host::sim::SimDrive;
use cdfilter_host::Stack;

fn stack() -> (Stack<SimDrive>, cdfilter_host::Handle) {
    let s = Stack::new(SimDrive::default());
    let h = s.open(Granted::READ_WRITE);
    (s, h)
}

#[test]
fn read_toc_of_the_built_in_disc() {
    let (s, h) = stack();

    let r = s.ioctl(h, Ioctl::CdromReadToc.code(), &[], 804);

    assert_eq!((r.status, r.information), (NtStatus::SUCCESS, 44));
    assert_eq!(
        r.data(),
        [
            0x00, 0x2A, 0x01, 0x04, //
            0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, //
            0x00, 0x12, 0x02, 0x00, 0x00, 0x00, 0x08, 0x00, //
            0x00, 0x11, 0x03, 0x00, 0x00, 0x00, 0x0C, 0x00, //
            0x00, 0x10, 0x04, 0x00, 0x00, 0x00, 0x10, 0x00, //
            0x00, 0x10, 0xAA, 0x00, 0x00, 0x00, 0x14, 0x00,
        ]
    );
    assert_eq!(s.violations(), []);
}

#[test]
fn last_session_of_the_built_in_disc() {
    let (s, h) = stack();

    let r = s.ioctl(h, Ioctl::CdromGetLastSession.code(), &[], 12);

    assert_eq!(r.status, NtStatus::SUCCESS);
    assert_eq!(
        r.data(),
        [0x00, 0x0A, 0x01, 0x01, 0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00]
    );
}

#[test]
fn length_info_of_the_built_in_disc() {
    let (s, h) = stack();

    let r = s.ioctl(h, Ioctl::DiskGetLengthInfo.code(), &[], 8);

    assert_eq!(r.status, NtStatus::SUCCESS);
    assert_eq!(r.data(), (1350u64 * 2048).to_le_bytes());
}

#[test]
fn toc_after_ejecting_is_no_media() {
    let (s, h) = stack();
    s.with_port(|d| {
        d.eject();
    });

    let r = s.ioctl(h, Ioctl::CdromReadToc.code(), &[], 804);

    assert_eq!(r.status, NtStatus::NO_MEDIA_IN_DEVICE);
}
