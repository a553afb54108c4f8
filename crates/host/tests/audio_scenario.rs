//! Audio over the full host stack: the KMDF model, the filter's core and a
//! drive whose audio commands are the simulated drive's [`Player`].
//!
//! The simulated MMC drive (`SimDrive`) is not in main yet, so the drive
//! here is a minimal port: audio opcodes go to the player, MODE SENSE(10) /
//! MODE SELECT(10) of page 0x0E to its page, START STOP UNIT (stop) stops
//! the player, INQUIRY gets a CD-ROM answer, every other command succeeds
//! with zeroed data.

mod audio_common;

use audio_common::{disc, ISRC1, MCN};
use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::port::{Command, DataPhase, Port, PortResult};
use cdfilter_core::status::NtStatus;
use cdfilter_host::disc::Disc;
use cdfilter_host::model::Granted;
use cdfilter_host::sim::audio::Player;
use cdfilter_host::sim::Sense;
use cdfilter_host::{Handle, Stack};

/// The drive: a disc, its player, and nothing else worth simulating.
#[derive(Debug)]
struct AudioDrive {
    disc: Disc,
    player: Player,
}

impl AudioDrive {
    fn new() -> Self {
        Self {
            disc: disc(),
            player: Player::new(),
        }
    }

    fn advance(&mut self, frames: u32) {
        self.player.advance(&self.disc, frames);
    }

    fn mode_sense(&self, cdb: &[u8], buf: &mut [u8]) -> Result<usize, Sense> {
        if cdb[2] & 0x3F != 0x0E {
            return Err(INVALID_FIELD_IN_CDB);
        }
        let mut answer = vec![0, 22, 0, 0, 0, 0, 0, 0];
        answer.extend_from_slice(&self.player.audio_page(cdb[2] >> 6));
        let n = answer.len().min(buf.len());
        buf[..n].copy_from_slice(&answer[..n]);
        Ok(n)
    }

    fn mode_select(&mut self, data: &[u8]) -> Result<usize, Sense> {
        let bdl = usize::from(u16::from_be_bytes([data[6], data[7]]));
        self.player.select_audio_page(&data[8 + bdl..])?;
        Ok(data.len())
    }
}

const INVALID_FIELD_IN_CDB: Sense = Sense {
    key: 5,
    asc: 0x24,
    ascq: 0,
};

fn answer(r: Result<usize, Sense>) -> PortResult {
    match r {
        Ok(n) => PortResult::good(n as u32),
        Err(s) => PortResult::check_condition(s.key, s.asc, s.ascq),
    }
}

impl Port for AudioDrive {
    fn execute(&mut self, cmd: Command<'_>) -> PortResult {
        let cdb = cmd.cdb.as_bytes();
        match cmd.data {
            DataPhase::In(buf) => {
                if let Some(r) = self.player.command(&self.disc, cdb, buf) {
                    return answer(r);
                }
                match cdb[0] {
                    0x5A => answer(self.mode_sense(cdb, buf)),
                    0x12 => {
                        let mut inquiry = [0u8; 36];
                        inquiry[..5].copy_from_slice(&[0x05, 0x80, 0x05, 0x32, 31]);
                        inquiry[8..36].copy_from_slice(b"CDFILTER AUDIO PLAYER   1.0 ");
                        let n = buf.len().min(36);
                        buf[..n].copy_from_slice(&inquiry[..n]);
                        PortResult::good(n as u32)
                    }
                    _ => {
                        buf.fill(0);
                        PortResult::good(buf.len() as u32)
                    }
                }
            }
            DataPhase::Out(data) if cdb[0] == 0x55 => answer(self.mode_select(data)),
            DataPhase::Out(data) => PortResult::good(data.len() as u32),
            DataPhase::None => {
                if let Some(r) = self.player.command(&self.disc, cdb, &mut []) {
                    return answer(r);
                }
                // START STOP UNIT with Start = 0 stops the spindle and with
                // it any play.
                if cdb[0] == 0x1B && cdb[4] & 1 == 0 {
                    self.player.stop();
                }
                PortResult::good(0)
            }
        }
    }

    fn max_transfer_bytes(&self) -> u32 {
        64 * 1024
    }
}

const PLAY: u32 = Ioctl::CdromPlayAudioMsf.code();
const PAUSE: u32 = Ioctl::CdromPauseAudio.code();
const RESUME: u32 = Ioctl::CdromResumeAudio.code();
const STOP: u32 = Ioctl::CdromStopAudio.code();
const READ_Q: u32 = Ioctl::CdromReadQChannel.code();
const GET_VOLUME: u32 = Ioctl::CdromGetVolume.code();
const SET_VOLUME: u32 = Ioctl::CdromSetVolume.code();
const READ_TOC: u32 = Ioctl::CdromReadToc.code();

fn stack() -> (Stack<AudioDrive>, Handle) {
    let s = Stack::new(AudioDrive::new());
    let h = s.open(Granted::READ_WRITE);
    (s, h)
}

#[track_caller]
fn ok(s: &Stack<AudioDrive>, h: Handle, code: u32, input: &[u8], out_len: usize) -> Vec<u8> {
    let r = s.ioctl(h, code, input, out_len);
    assert_eq!(r.status, NtStatus::SUCCESS, "{code:#x}");
    r.data().to_vec()
}

#[track_caller]
fn position(s: &Stack<AudioDrive>, h: Handle) -> Vec<u8> {
    ok(s, h, READ_Q, &[1, 0], 16)
}

fn playing(s: &Stack<AudioDrive>) -> bool {
    s.device()
        .shared
        .play_active
        .load(std::sync::atomic::Ordering::Relaxed)
}

#[test]
fn play_pause_resume_and_play_to_the_end_of_track_1() {
    let (s, h) = stack();

    // Track 1 is LBA 0..300: 00:02:00 to 00:06:00.
    ok(&s, h, PLAY, &[0, 2, 0, 0, 6, 0], 0);
    assert!(playing(&s));
    s.with_port(|d| d.advance(75));
    assert_eq!(
        position(&s, h),
        [0, 0x11, 0, 12, 1, 0x12, 1, 1, 0, 0, 3, 0, 0, 0, 1, 0]
    );
    assert_eq!(s.read(h, 0, 2048).status, NtStatus::DEVICE_BUSY);

    ok(&s, h, PAUSE, &[], 0);
    s.with_port(|d| d.advance(75));
    assert_eq!(
        position(&s, h),
        [0, 0x12, 0, 12, 1, 0x12, 1, 1, 0, 0, 3, 0, 0, 0, 1, 0],
        "paused: the position is frozen"
    );

    ok(&s, h, RESUME, &[], 0);
    assert!(playing(&s));
    s.with_port(|d| d.advance(225));
    let q = position(&s, h);
    assert_eq!(q[1], 0x13, "play completed");
    assert!(!playing(&s));
    let read = s.read(h, 0, 2048);
    assert_eq!(read.status, NtStatus::SUCCESS);
    assert!(read.passed_down);

    assert_eq!(position(&s, h)[1], 0x15, "completion is reported once");
    assert_eq!(s.violations(), []);
}

#[test]
fn play_that_ends_unobserved_does_not_keep_the_toc_busy() {
    // Pitfall 13: nothing reads the Q channel after the play ends; the TOC
    // family's refresh must see the completion and clear the flag.
    let (s, h) = stack();
    ok(&s, h, PLAY, &[0, 2, 0, 0, 2, 10], 0);
    s.with_port(|d| d.advance(10));
    assert!(playing(&s), "nobody has asked the drive yet");
    let toc = s.ioctl(h, READ_TOC, &[], 804);
    assert_ne!(toc.status, NtStatus::DEVICE_BUSY);
    assert!(!playing(&s));
    assert_eq!(s.read(h, 0, 2048).status, NtStatus::SUCCESS);
}

#[test]
fn play_while_playing_keeps_the_toc_busy() {
    let (s, h) = stack();
    ok(&s, h, PLAY, &[0, 2, 0, 0, 6, 0], 0);
    s.with_port(|d| d.advance(10));
    let toc = s.ioctl(h, READ_TOC, &[], 804);
    assert_eq!(toc.status, NtStatus::DEVICE_BUSY);
    assert!(playing(&s));
}

#[test]
fn eject_during_play_does_not_leave_the_toc_busy() {
    let (s, h) = stack();
    ok(&s, h, PLAY, &[0, 2, 0, 0, 6, 0], 0);
    s.with_port(|d| d.player.stop());
    let toc = s.ioctl(h, READ_TOC, &[], 804);
    assert_ne!(toc.status, NtStatus::DEVICE_BUSY);
    assert!(!playing(&s));
}

#[test]
fn media_catalog_number_is_the_disc_s() {
    let (s, h) = stack();
    let a = ok(&s, h, READ_Q, &[2, 0], 24);
    assert_eq!(a.len(), 24);
    assert_eq!(a[8], 0x80);
    assert_eq!(a[9..22], MCN);
    assert_eq!(s.violations(), []);
}

#[test]
fn isrc_is_the_track_s() {
    let (s, h) = stack();
    let a = ok(&s, h, READ_Q, &[3, 1], 24);
    assert_eq!(a.len(), 24);
    assert_eq!((a[6], a[8]), (1, 0x80));
    assert_eq!(a[9..21], ISRC1);
}

#[test]
fn stop_while_playing_then_stop_again() {
    let (s, h) = stack();
    ok(&s, h, PLAY, &[0, 2, 0, 0, 6, 0], 0);
    ok(&s, h, STOP, &[], 0);
    assert!(!playing(&s));
    assert!(!s.with_port(|d| d.player.is_playing()));
    let again = s.ioctl(h, STOP, &[], 0);
    assert_eq!(again.status, NtStatus::INVALID_DEVICE_REQUEST);
    assert_eq!(again.commands.len(), 1, "only READ SUB-CHANNEL was sent");
}

#[test]
fn play_of_the_data_track_is_refused_by_the_drive() {
    let (s, h) = stack();
    // Track 3 starts at LBA 850 = 00:13:25.
    let r = s.ioctl(h, PLAY, &[0, 13, 25, 0, 14, 0], 0);
    assert_eq!(r.status, NtStatus::INVALID_DEVICE_REQUEST);
    assert!(!playing(&s));
}

#[test]
fn volume_round_trip_through_mode_select() {
    let (s, h) = stack();
    assert_eq!(ok(&s, h, GET_VOLUME, &[], 4), [0xFF, 0xFF, 0, 0]);
    ok(&s, h, SET_VOLUME, &[0x80, 0x40, 0xFF, 0xFF], 0);
    assert_eq!(s.with_port(|d| d.player.volumes()), [0x80, 0x40, 0, 0]);
    assert_eq!(ok(&s, h, GET_VOLUME, &[], 4), [0x80, 0x40, 0, 0]);
    assert_eq!(s.violations(), []);
}

#[test]
fn play_that_ends_unobserved_does_not_keep_reads_busy() {
    let (s, h) = stack();
    ok(&s, h, PLAY, &[0, 2, 0, 0, 2, 10], 0);
    s.with_port(|d| d.advance(10));
    let read = s.read(h, 0, 2048);
    assert_eq!(read.status, NtStatus::SUCCESS);
    assert!(read.passed_down);
    assert!(!playing(&s));
}

#[test]
fn eject_during_play_does_not_keep_reads_busy() {
    let (s, h) = stack();
    ok(&s, h, PLAY, &[0, 2, 0, 0, 6, 0], 0);
    s.with_port(|d| d.player.stop());
    assert_eq!(s.read(h, 0, 2048).status, NtStatus::SUCCESS);
    assert!(!playing(&s));
}
