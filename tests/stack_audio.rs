//! The audio IOCTLs through the whole stack, over the simulated drive's
//! CD audio player: the Q channel's MCN and
//! ISRCs of the built-in disc, PLAY/PAUSE/RESUME/STOP, and the play state
//! that makes READ_TOC and IRP_MJ_READ busy.
//!
//! Expected bytes are derived by hand from the built-in disc (MCN
//! 1234567890128; ISRC XYCDF2500002 on track 2, DCP; track 2 from LBA 450
//! = 00:08:00) and rawread-exclusive-audio.md §4.

mod stack_common;

use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::status::NtStatus;

use stack_common::{assert_io, builtin, Expect, CDB_READ_TOC, Q_ISRC_2, Q_MCN, TOC_MSF};

/// READ SUB-CHANNEL, current position (format 1, MSF, 16 bytes).
const Q_POSITION: [u8; 10] = [0x42, 0x02, 0x40, 0x01, 0, 0, 0, 0, 0x10, 0];
/// PLAY AUDIO MSF 00:08:00 to 00:12:00 (track 2).
const PLAY_TRACK_2: [u8; 10] = [0x47, 0, 0, 0, 8, 0, 0, 12, 0, 0];
/// The PLAY_AUDIO_MSF input of [`PLAY_TRACK_2`].
const PLAY_TRACK_2_INPUT: [u8; 6] = [0, 8, 0, 0, 12, 0];

/// SUB_Q_CURRENT_POSITION with `status`, ADR 1 / control DCP, track 2,
/// index 1, at absolute `abs` and track-relative `rel` (M, S, F).
fn position(status: u8, abs: [u8; 3], rel: [u8; 3]) -> [u8; 16] {
    [
        0x00, status, 0x00, 0x0C, // header: data length 12
        0x01, 0x12, 0x02, 0x01, // format 1, ADR 1 | DCP, track 2, index 1
        0x00, abs[0], abs[1], abs[2], //
        0x00, rel[0], rel[1], rel[2],
    ]
}

#[test]
fn media_catalogue_number_of_the_built_in_disc() {
    let (s, h) = builtin();

    let r = s.ioctl(h, Ioctl::CdromReadQChannel.code(), &[2, 0], 24);

    assert_io(
        &r,
        &Expect::ok(&Q_MCN, &[&[0x42, 0x00, 0x40, 0x02, 0, 0, 0, 0, 0x18, 0]]),
    );
    assert_eq!(s.violations(), []);
}

#[test]
fn isrc_of_track_2() {
    let (s, h) = builtin();

    let r = s.ioctl(h, Ioctl::CdromReadQChannel.code(), &[3, 2], 24);

    assert_io(
        &r,
        &Expect::ok(
            &Q_ISRC_2,
            &[&[0x42, 0x00, 0x40, 0x03, 0, 0, 0x02, 0, 0x18, 0]],
        ),
    );
    assert_eq!(s.violations(), []);
}

#[test]
fn stop_without_playback_is_refused_after_asking_the_drive() {
    let (s, h) = builtin();

    let r = s.ioctl(h, Ioctl::CdromStopAudio.code(), &[], 0);

    // The drive reports no play status (0x15): nothing to stop, no STOP.
    assert_io(
        &r,
        &Expect::fail(NtStatus::INVALID_DEVICE_REQUEST, &[&Q_POSITION]),
    );
    assert_eq!(s.violations(), []);
}

#[test]
fn play_pause_resume_stop_of_track_2() {
    let (s, h) = builtin();
    let q = Ioctl::CdromReadQChannel.code();

    let play = s.ioctl(h, Ioctl::CdromPlayAudioMsf.code(), &PLAY_TRACK_2_INPUT, 0);
    let at_start = s.ioctl(h, q, &[1, 0], 16);
    let toc_busy = s.ioctl(h, Ioctl::CdromReadToc.code(), &[], 804);
    let read_busy = s.read(h, 0, 2048);
    s.with_port(|d| d.advance_frames(75));
    let pause = s.ioctl(h, Ioctl::CdromPauseAudio.code(), &[], 0);
    let paused = s.ioctl(h, q, &[1, 0], 16);
    let resume = s.ioctl(h, Ioctl::CdromResumeAudio.code(), &[], 0);
    let stop = s.ioctl(h, Ioctl::CdromStopAudio.code(), &[], 0);
    let toc_after = s.ioctl(h, Ioctl::CdromReadToc.code(), &[], 804);

    assert_io(&play, &Expect::ok(&[], &[&PLAY_TRACK_2]));
    // Playing (0x11) at track 2's first frame: 00:08:00, relative 00:00:00.
    assert_io(
        &at_start,
        &Expect::ok(&position(0x11, [0, 8, 0], [0, 0, 0]), &[&Q_POSITION]),
    );
    // The play state is refreshed from the drive before the busy answer.
    assert_io(
        &toc_busy,
        &Expect::fail(NtStatus::DEVICE_BUSY, &[&Q_POSITION]),
    );
    assert_eq!(
        (read_busy.status, read_busy.information),
        (NtStatus::DEVICE_BUSY, 0)
    );
    assert_io(
        &pause,
        &Expect::ok(&[], &[&[0x4B, 0, 0, 0, 0, 0, 0, 0, 0x00, 0]]),
    );
    // One second (75 frames) later: 00:09:00, relative 00:01:00, paused.
    assert_io(
        &paused,
        &Expect::ok(&position(0x12, [0, 9, 0], [0, 1, 0]), &[&Q_POSITION]),
    );
    assert_io(
        &resume,
        &Expect::ok(&[], &[&[0x4B, 0, 0, 0, 0, 0, 0, 0, 0x01, 0]]),
    );
    assert_io(
        &stop,
        &Expect::ok(&[], &[&Q_POSITION, &[0x1B, 0x01, 0, 0, 0, 0]]),
    );
    assert_io(&toc_after, &Expect::ok(&TOC_MSF, &[&CDB_READ_TOC]));
    assert_eq!(s.violations(), []);
}

#[test]
fn a_play_that_ended_by_itself_no_longer_makes_reads_busy() {
    let (s, h) = builtin();
    // 00:08:00 to 00:08:10: ten frames of track 2.
    let play = s.ioctl(h, Ioctl::CdromPlayAudioMsf.code(), &[0, 8, 0, 0, 8, 10], 0);
    s.with_port(|d| d.advance_frames(20));

    let r = s.ioctl(h, Ioctl::CdromReadToc.code(), &[], 804);

    assert_eq!(play.status, NtStatus::SUCCESS);
    // The refresh sees the play completed (0x13) and answers the TOC.
    assert_io(&r, &Expect::ok(&TOC_MSF, &[&Q_POSITION, &CDB_READ_TOC]));
    assert_eq!(s.violations(), []);
}

#[test]
fn set_volume_then_get_volume_reads_back_the_changeable_ports() {
    let (s, h) = builtin();

    let set = s.ioctl(
        h,
        Ioctl::CdromSetVolume.code(),
        &[0x80, 0x40, 0x20, 0x10],
        0,
    );
    let get = s.ioctl(h, Ioctl::CdromGetVolume.code(), &[], 4);

    assert_io(
        &set,
        &Expect::ok(
            &[],
            &[
                &[0x5A, 0x08, 0x0E, 0, 0, 0, 0, 0x00, 0x40, 0],
                &[0x5A, 0x08, 0x4E, 0, 0, 0, 0, 0x00, 0x40, 0],
                &[0x55, 0x10, 0, 0, 0, 0, 0, 0x00, 0x18, 0],
            ],
        ),
    );
    // Ports 0 and 1 take the new volumes; ports 2 and 3 are not
    // changeable on this drive and stay 0.
    assert_io(
        &get,
        &Expect::ok(
            &[0x80, 0x40, 0x00, 0x00],
            &[&[0x5A, 0x00, 0x0E, 0, 0, 0, 0, 0x00, 0x40, 0]],
        ),
    );
    assert_eq!(s.violations(), []);
}
