//! Audio over the full host stack: the KMDF model, the filter's core and the
//! simulated MMC drive (whose audio commands are its [`Player`]'s), playing
//! the built-in disc:
//!
//! | track | kind  | pregap    | INDEX 01 (MSF)  | end  |
//! |-------|-------|-----------|-----------------|------|
//! | 1     | data  | —         | 0 (00:02:00)    | 300  |
//! | 2     | audio | 300..450  | 450 (00:08:00)  | 750  |
//! | 3     | audio | —         | 750 (00:12:00), INDEX 02 at 825 | 975 |
//! | 4     | audio | 975..1050 | 1050 (00:16:00) | 1350 |
//!
//! [`Player`]: cdfilter_host::sim::Player

use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::status::NtStatus;
use cdfilter_host::disc::Disc;
use cdfilter_host::model::Granted;
use cdfilter_host::sim::{SimConfig, SimDrive};
use cdfilter_host::{Handle, Stack};

const PLAY: u32 = Ioctl::CdromPlayAudioMsf.code();
const SEEK: u32 = Ioctl::CdromSeekAudioMsf.code();
const PAUSE: u32 = Ioctl::CdromPauseAudio.code();
const RESUME: u32 = Ioctl::CdromResumeAudio.code();
const STOP: u32 = Ioctl::CdromStopAudio.code();
const READ_Q: u32 = Ioctl::CdromReadQChannel.code();
const GET_VOLUME: u32 = Ioctl::CdromGetVolume.code();
const SET_VOLUME: u32 = Ioctl::CdromSetVolume.code();
const READ_TOC: u32 = Ioctl::CdromReadToc.code();

/// Track 2 from INDEX 01 to its end: 00:08:00 – 00:12:00.
const TRACK2: [u8; 6] = [0, 8, 0, 0, 12, 0];

fn stack() -> (Stack<SimDrive>, Handle) {
    let s = Stack::new(SimDrive::new(SimConfig::default(), Some(Disc::builtin())));
    let h = s.open(Granted::READ_WRITE);
    (s, h)
}

#[track_caller]
fn ok(s: &Stack<SimDrive>, h: Handle, code: u32, input: &[u8], out_len: usize) -> Vec<u8> {
    let r = s.ioctl(h, code, input, out_len);
    assert_eq!(r.status, NtStatus::SUCCESS, "{code:#x}");
    r.data().to_vec()
}

#[track_caller]
fn position(s: &Stack<SimDrive>, h: Handle) -> Vec<u8> {
    ok(s, h, READ_Q, &[1, 0], 16)
}

fn playing(s: &Stack<SimDrive>) -> bool {
    s.device()
        .shared
        .play_active
        .load(std::sync::atomic::Ordering::Relaxed)
}

fn advance(s: &Stack<SimDrive>, frames: u32) {
    s.with_port(|d| d.advance_frames(frames));
}

#[test]
fn play_pause_resume_and_play_track_2_to_its_end() {
    let (s, h) = stack();

    ok(&s, h, PLAY, &TRACK2, 0);
    assert!(playing(&s));
    advance(&s, 75);
    // Playing, ADR 1 / DCP, track 2, index 1, 00:09:00, relative 00:01:00.
    assert_eq!(
        position(&s, h),
        [0, 0x11, 0, 12, 1, 0x12, 2, 1, 0, 0, 9, 0, 0, 0, 1, 0]
    );
    assert_eq!(s.read(h, 0, 2048).status, NtStatus::DEVICE_BUSY);

    ok(&s, h, PAUSE, &[], 0);
    assert!(!playing(&s));
    advance(&s, 75);
    assert_eq!(
        position(&s, h),
        [0, 0x12, 0, 12, 1, 0x12, 2, 1, 0, 0, 9, 0, 0, 0, 1, 0],
        "paused: the position is frozen"
    );

    ok(&s, h, RESUME, &[], 0);
    assert!(playing(&s));
    advance(&s, 225);
    let q = position(&s, h);
    assert_eq!(q[1], 0x13, "play completed");
    assert!(!playing(&s));
    let read = s.read(h, 0, 2048);
    assert_eq!(read.status, NtStatus::SUCCESS);
    assert_eq!(read.information, 2048);

    assert_eq!(position(&s, h)[1], 0x15, "completion is reported once");
    assert_eq!(s.violations(), []);
}

#[test]
fn pregap_counts_down_to_index_1() {
    let (s, h) = stack();
    // From track 2's pregap (00:06:00, LBA 300).
    ok(&s, h, PLAY, &[0, 6, 0, 0, 12, 0], 0);
    advance(&s, 74);
    // Index 0, absolute 00:06:74, 76 frames (00:01:01) before INDEX 01.
    assert_eq!(
        position(&s, h)[4..],
        [1, 0x12, 2, 0, 0, 0, 6, 74, 0, 0, 1, 1]
    );
    advance(&s, 76);
    assert_eq!(
        position(&s, h)[4..],
        [1, 0x12, 2, 1, 0, 0, 8, 0, 0, 0, 0, 0]
    );
}

#[test]
fn play_crosses_into_index_2_and_the_next_track() {
    let (s, h) = stack();
    ok(&s, h, PLAY, &[0, 8, 0, 0, 20, 0], 0);
    advance(&s, 375); // LBA 825: track 3, INDEX 02
    assert_eq!(position(&s, h)[4..8], [1, 0x11, 3, 2]);
    advance(&s, 150); // LBA 975: track 4's pregap
    assert_eq!(position(&s, h)[4..8], [1, 0x10, 4, 0]);
}

#[test]
fn q_channel_agrees_with_the_disc_s_recorded_q() {
    // Seek each audio sector and compare the drive's answer with the Q
    // frame the disc model records there (BCD on the disc, binary here).
    let (s, h) = stack();
    let from_bcd = |b: u8| (b >> 4) * 10 + (b & 0x0F);
    for lba in (300u32..1350).step_by(7) {
        let msf = [
            ((lba + 150) / 4500) as u8,
            ((lba + 150) / 75 % 60) as u8,
            ((lba + 150) % 75) as u8,
        ];
        ok(&s, h, SEEK, &msf, 0);
        let q = position(&s, h);
        let disc_q = s.with_port(|d| d.disc().unwrap().q_channel(lba));
        assert_eq!(q[5], disc_q[0].rotate_left(4), "ADR/control at {lba}");
        assert_eq!(q[6], from_bcd(disc_q[1]), "track at {lba}");
        assert_eq!(q[7], from_bcd(disc_q[2]), "index at {lba}");
        assert_eq!(
            q[13..16],
            disc_q[3..6]
                .iter()
                .map(|&b| from_bcd(b))
                .collect::<Vec<_>>(),
            "relative at {lba}"
        );
        assert_eq!(
            q[9..12],
            disc_q[7..10]
                .iter()
                .map(|&b| from_bcd(b))
                .collect::<Vec<_>>(),
            "absolute at {lba}"
        );
    }
}

#[test]
fn play_that_ends_unobserved_does_not_keep_the_toc_or_reads_busy() {
    // Pitfall 13: nothing reads the Q channel after the play ends; the
    // refresh in the TOC family must see the completion and clear the flag.
    let (s, h) = stack();
    ok(&s, h, PLAY, &[0, 8, 0, 0, 8, 10], 0);
    advance(&s, 10);
    assert!(playing(&s), "nobody has asked the drive yet");
    let toc = s.ioctl(h, READ_TOC, &[], 804);
    assert_eq!(toc.status, NtStatus::SUCCESS);
    assert!(!playing(&s));
    assert_eq!(s.read(h, 0, 2048).status, NtStatus::SUCCESS);
}

#[test]
fn play_that_ends_unobserved_does_not_keep_reads_busy() {
    let (s, h) = stack();
    ok(&s, h, PLAY, &[0, 8, 0, 0, 8, 10], 0);
    advance(&s, 10);
    let read = s.read(h, 0, 2048);
    assert_eq!(read.status, NtStatus::SUCCESS);
    assert!(!playing(&s));
}

#[test]
fn toc_is_busy_while_playing() {
    let (s, h) = stack();
    ok(&s, h, PLAY, &TRACK2, 0);
    advance(&s, 10);
    let toc = s.ioctl(h, READ_TOC, &[], 804);
    assert_eq!(toc.status, NtStatus::DEVICE_BUSY);
    assert!(playing(&s));
}

#[test]
fn eject_during_play_does_not_leave_the_play_state_set() {
    let (s, h) = stack();
    ok(&s, h, PLAY, &TRACK2, 0);
    s.with_port(|d| {
        d.eject();
    });
    let read = s.read(h, 0, 2048);
    assert_ne!(read.status, NtStatus::DEVICE_BUSY);
    assert!(!playing(&s));
    assert!(!s.with_port(|d| d.player().is_playing()));
}

#[test]
fn media_catalog_number_is_the_disc_s() {
    let (s, h) = stack();
    let a = ok(&s, h, READ_Q, &[2, 0], 24);
    let mcn = s.with_port(|d| d.disc().unwrap().mcn.unwrap());
    assert_eq!(a.len(), 24);
    assert_eq!(a[8], 0x80);
    assert_eq!(a[9..22], mcn);
    assert_eq!(s.violations(), []);
}

#[test]
fn isrc_is_the_track_s() {
    let (s, h) = stack();
    let a = ok(&s, h, READ_Q, &[3, 3], 24);
    let isrc = s.with_port(|d| d.disc().unwrap().track(3).unwrap().isrc.unwrap());
    assert_eq!(a.len(), 24);
    assert_eq!((a[6], a[8]), (3, 0x80));
    assert_eq!(a[9..21], isrc);
}

#[test]
fn data_track_has_no_isrc() {
    let (s, h) = stack();
    let a = ok(&s, h, READ_Q, &[3, 1], 24);
    assert_eq!((a[6], a[8]), (1, 0));
}

#[test]
fn stop_while_playing_then_stop_again() {
    let (s, h) = stack();
    ok(&s, h, PLAY, &TRACK2, 0);
    ok(&s, h, STOP, &[], 0);
    assert!(!playing(&s));
    assert!(!s.with_port(|d| d.player().is_playing()));
    let again = s.ioctl(h, STOP, &[], 0);
    assert_eq!(again.status, NtStatus::INVALID_DEVICE_REQUEST);
    assert_eq!(again.commands.len(), 1, "only READ SUB-CHANNEL was sent");
}

#[test]
fn play_of_the_data_track_is_refused_by_the_drive() {
    let (s, h) = stack();
    let r = s.ioctl(h, PLAY, &[0, 2, 0, 0, 4, 0], 0);
    assert_eq!(r.status, NtStatus::INVALID_DEVICE_REQUEST);
    assert!(!playing(&s));
}

#[test]
fn play_past_the_lead_out_is_a_nonexistent_sector() {
    let (s, h) = stack();
    let r = s.ioctl(h, PLAY, &[0, 16, 0, 0, 20, 1], 0);
    assert_eq!(r.status, NtStatus::NONEXISTENT_SECTOR);
}

#[test]
fn resume_without_a_play_is_an_invalid_device_request() {
    let (s, h) = stack();
    let r = s.ioctl(h, RESUME, &[], 0);
    assert_eq!(r.status, NtStatus::INVALID_DEVICE_REQUEST);
    assert!(!playing(&s));
}

#[test]
fn volume_round_trip_through_mode_select() {
    let (s, h) = stack();
    assert_eq!(ok(&s, h, GET_VOLUME, &[], 4), [0xFF, 0xFF, 0, 0]);
    ok(&s, h, SET_VOLUME, &[0x80, 0x40, 0xFF, 0xFF], 0);
    assert_eq!(s.with_port(|d| d.player().volumes()), [0x80, 0x40, 0, 0]);
    assert_eq!(ok(&s, h, GET_VOLUME, &[], 4), [0x80, 0x40, 0, 0]);
    assert_eq!(s.violations(), []);
}

#[test]
fn volume_with_a_drive_that_returns_a_block_descriptor() {
    let mut drive = SimDrive::new(SimConfig::default(), Some(Disc::builtin()));
    drive.config_mut().mode_sense10_block_descriptor = true;
    let s = Stack::new(drive);
    let h = s.open(Granted::READ_WRITE);
    assert_eq!(ok(&s, h, GET_VOLUME, &[], 4), [0xFF, 0xFF, 0, 0]);
    ok(&s, h, SET_VOLUME, &[0x11, 0x22, 0, 0], 0);
    assert_eq!(ok(&s, h, GET_VOLUME, &[], 4), [0x11, 0x22, 0, 0]);
}
