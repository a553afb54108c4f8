//! The driver over the simulated drive: IOCTLs through the KMDF model and
//! the core land on the drive as CDBs and come back as Windows structures.

mod sim_support;

use cdfilter_core::device::Event;
use cdfilter_core::handlers::media::poll_media;
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

const CHECK_VERIFY: u32 = 0x2D4800;
const MEDIA_REMOVAL: u32 = 0x2D4804;
const EJECT_MEDIA: u32 = 0x2D4808;
const LOAD_MEDIA: u32 = 0x2D480C;

#[test]
fn eject_under_a_simple_lock_is_refused_by_the_drive() {
    let (s, h) = stack();
    let lock = s.ioctl(h, MEDIA_REMOVAL, &[1], 0);

    let eject = s.ioctl(h, EJECT_MEDIA, &[], 0);

    assert_eq!(lock.status, NtStatus::SUCCESS);
    assert_eq!(eject.status, NtStatus::INVALID_DEVICE_REQUEST);
    assert!(s.with_port(|d| d.is_removal_prevented() && !d.is_tray_open()));
}

#[test]
fn eject_then_check_verify_is_no_media() {
    let (s, h) = stack();

    let eject = s.ioctl(h, EJECT_MEDIA, &[], 0);
    let verify = s.ioctl(h, CHECK_VERIFY, &[], 4);

    assert_eq!(eject.status, NtStatus::SUCCESS);
    assert!(s.with_port(|d| d.is_tray_open()));
    assert_eq!(verify.status, NtStatus::NO_MEDIA_IN_DEVICE);
}

#[test]
fn load_then_check_verify_rides_out_spin_up_and_medium_changed() {
    let (s, h) = stack();
    s.ioctl(h, EJECT_MEDIA, &[], 0);

    let load = s.ioctl(h, LOAD_MEDIA, &[], 0);
    let verify = s.ioctl(h, CHECK_VERIFY, &[], 0);

    assert_eq!(load.status, NtStatus::SUCCESS);
    assert_eq!(verify.status, NtStatus::SUCCESS);
    let tur_senses: Vec<u8> = verify.commands.iter().map(|c| c.result.sense[12]).collect();
    assert_eq!(tur_senses, [0x04, 0x04, 0x28, 0x00]);
}

#[test]
fn polling_sees_the_operator_swap_discs() {
    let (s, _h) = stack();

    s.with_port(|d| {
        d.eject();
    });
    poll_media(s.device());
    s.with_port(|d| d.insert(cdfilter_host::disc::Disc::builtin()));
    poll_media(s.device());
    poll_media(s.device());

    assert_eq!(
        s.device().platform.take_events(),
        [Event::MediaRemoval, Event::MediaArrival]
    );
}

#[test]
fn set_speed_then_nominal_read_performance_through_the_driver() {
    let (s, h) = stack();
    let mut speed = [0u8; 12];
    speed[4..6].copy_from_slice(&706u16.to_le_bytes());
    speed[6..8].copy_from_slice(&0xFFFFu16.to_le_bytes());
    let mut request = [0u8; 20];
    for (i, v) in [1u32, 1, 1, 1, 0].iter().enumerate() {
        request[4 * i..4 * i + 4].copy_from_slice(&v.to_le_bytes());
    }

    let set = s.ioctl(h, Ioctl::CdromSetSpeed.code(), &speed, 0);
    let perf = s.ioctl(h, Ioctl::CdromGetPerformance.code(), &request, 24);

    assert_eq!(set.status, NtStatus::SUCCESS);
    assert_eq!(s.with_port(|d| d.read_speed()), 706);
    assert_eq!(perf.status, NtStatus::SUCCESS);
    assert_eq!(
        perf.data(),
        [
            0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, //
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xC2, //
            0x00, 0x00, 0x05, 0x45, 0x00, 0x00, 0x02, 0xC2,
        ]
    );
}

#[test]
fn a_32_bit_process_gets_the_configuration_with_its_16_byte_input() {
    use cdfilter_core::dispatch::CallerWidth;
    let s = Stack::new(SimDrive::default());
    let wow64 = s.open_from(Granted::READ_WRITE, CallerWidth::Bits32);
    let native = s.open(Granted::READ_WRITE);
    // GET_CONFIGURATION_IOCTL_INPUT32: Feature 0 (profile list), type ALL.
    let input32 = [0u8; 16];
    // GET_CONFIGURATION_IOCTL_INPUT: the same with 64-bit pointers.
    let input64 = [0u8; 24];

    let from_wow64 = s.ioctl(wow64, Ioctl::CdromGetConfiguration.code(), &input32, 64);
    let from_native = s.ioctl(native, Ioctl::CdromGetConfiguration.code(), &input64, 64);
    let short = s.ioctl(native, Ioctl::CdromGetConfiguration.code(), &input32, 64);

    assert_eq!(from_wow64.status, NtStatus::SUCCESS);
    assert_eq!(
        from_wow64.commands[0].cdb,
        [0x46, 0, 0, 0, 0, 0, 0, 0, 0x40, 0]
    );
    assert_eq!(from_wow64.data(), from_native.data());
    assert_eq!(short.status, NtStatus::INFO_LENGTH_MISMATCH);
    assert_eq!(s.violations(), []);
}

#[test]
fn a_drive_refusing_type_one_still_answers_one_feature() {
    use cdfilter_host::sim::SimConfig;
    let config = SimConfig {
        refuses_type_one_config: true,
        ..SimConfig::default()
    };
    let s = Stack::new(SimDrive::new(
        config,
        Some(cdfilter_host::disc::Disc::builtin()),
    ));
    let h = s.open(Granted::READ_WRITE);
    // GET_CONFIGURATION_IOCTL_INPUT: Feature 0x001E (CD Read), type ONE.
    let mut input = [0u8; 24];
    input[0] = 0x1E;
    input[4] = 2;

    let first = s.ioctl(h, Ioctl::CdromGetConfiguration.code(), &input, 64);
    let again = s.ioctl(h, Ioctl::CdromGetConfiguration.code(), &input, 64);

    assert_eq!(first.status, NtStatus::SUCCESS);
    let cdbs: Vec<u8> = first.commands.iter().map(|c| c.cdb[1]).collect();
    assert_eq!(cdbs, [0x02, 0x00], "RT = ONE refused, then RT = ALL");
    let data = first.data();
    assert_eq!(data.len(), 8 + 8, "header + the CD Read descriptor");
    assert_eq!(
        &data[..4],
        &12u32.to_be_bytes(),
        "DataLength of that answer"
    );
    assert_eq!(&data[8..10], &[0x00, 0x1E]);
    assert_eq!(again.commands.len(), 1, "the refusal is remembered");
    assert_eq!(again.data(), data);
    assert_eq!(s.violations(), []);
}
