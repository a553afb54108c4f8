//! IOCTL_CDROM_RAW_READ through the glue over the simulated drive and its
//! built-in disc: the core's READ CDs reach the caller's pages through
//! partial MDLs of the request's MDL, and the caller gets the same bytes as
//! through cdfilter-host's model.
#![cfg(not(windows))]

mod glue_common;

use cdfilter::wdk::host;
use cdfilter_host::disc::{Disc, SectorKind};
use cdfilter_host::model::Granted;
use cdfilter_host::sim::SimDrive;
use cdfilter_host::Stack;
use glue_common::{started, status, TestLower};

const RAW_READ: u32 = 0x0002_403E;
/// TRACK_MODE_TYPE CDDA.
const CDDA: u32 = 2;

fn first_audio_lba() -> u32 {
    Disc::builtin()
        .tracks
        .iter()
        .find(|t| t.kind == SectorKind::Audio)
        .expect("the built-in disc has an audio track")
        .start
}

/// RAW_READ_INFO: DiskOffset (LBA × 2048), SectorCount, TrackMode.
fn raw_read_info(lba: u32, sectors: u32, mode: u32) -> Vec<u8> {
    let mut v = (u64::from(lba) * 2048).to_le_bytes().to_vec();
    v.extend_from_slice(&sectors.to_le_bytes());
    v.extend_from_slice(&mode.to_le_bytes());
    v
}

#[test]
fn raw_read_lands_in_the_callers_pages_through_partial_mdls() {
    let input = raw_read_info(first_audio_lba(), 3, CDDA);
    let model = Stack::new(SimDrive::default());
    let mh = model.open(Granted::READ_WRITE);
    let (_driver, dev, _) = started(SimDrive::default());
    let gh = dev.open().expect("open");
    host::take_srbs();

    let g = dev.ioctl(Some(gh), RAW_READ, &input, 3 * 2352);

    let m = model.ioctl(mh, RAW_READ, &input, 3 * 2352);
    let reads: Vec<_> = host::take_srbs()
        .into_iter()
        .filter(|s| s.cdb[0] == 0xBE)
        .collect();
    assert_eq!((g.status, g.information), (status::SUCCESS, 3 * 2352));
    assert_eq!(g.data(), m.data());
    assert!(!reads.is_empty());
    assert!(
        reads.iter().all(|s| s.user_buffer && s.partial_mdl),
        "{reads:?}"
    );
    assert_eq!(host::live_mdls(), 0);
    assert!(g.violations.is_empty(), "{:?}", g.violations);
}

#[test]
fn a_raw_read_beyond_the_adapter_limit_is_split_over_windows_of_the_callers_buffer() {
    let driver = host::load().expect("DriverEntry");
    let (mut lower, _) = TestLower::new(SimDrive::default());
    let mut descriptor = [0u8; 32];
    descriptor[8..12].copy_from_slice(&0x1_0000u32.to_le_bytes()); // MaximumTransferLength
    descriptor[12..16].copy_from_slice(&9u32.to_le_bytes()); // 8 pages for any alignment
    lower.adapter = Some(descriptor);
    let dev = driver.add_device(Box::new(lower)).expect("device add");
    assert_eq!(dev.start(), 0);
    let gh = dev.open().expect("open");
    let model = Stack::new(SimDrive::default());
    let mh = model.open(Granted::READ_WRITE);
    let input = raw_read_info(first_audio_lba(), 20, CDDA);
    host::take_srbs();

    let g = dev.ioctl(Some(gh), RAW_READ, &input, 20 * 2352);

    let m = model.ioctl(mh, RAW_READ, &input, 20 * 2352);
    let reads: Vec<_> = host::take_srbs()
        .into_iter()
        .filter(|s| s.cdb[0] == 0xBE)
        .collect();
    assert_eq!((g.status, g.information), (status::SUCCESS, 20 * 2352));
    assert_eq!(g.data(), m.data());
    assert!(
        reads.len() >= 2,
        "split into pieces of at most 32 KiB: {reads:?}"
    );
    assert!(reads
        .iter()
        .all(|s| s.length <= 8 * 4096 && s.user_buffer && s.partial_mdl));
    assert_eq!(reads.iter().map(|s| s.length).sum::<u32>(), 20 * 2352);
    assert!(g.violations.is_empty(), "{:?}", g.violations);
}
