//! The legacy audio IOCTLs and the play state.
//!
//! Each IOCTL validates in the caller's context with the class driver's
//! statuses (short input → INFO_LENGTH_MISMATCH, short output →
//! BUFFER_TOO_SMALL with the needed size, bad sub-Q format →
//! INVALID_PARAMETER), then sends its CDBs serialised. Where the class
//! driver is wrong this module does better, and says so at the spot:
//! - MSF addresses are validated (pitfall 12): S ≥ 60, F ≥ 75, an address
//!   before 00:02:00 or a play range that ends before it starts is refused
//!   with INVALID_PARAMETER instead of being sent as a wrapped LBA.
//! - The play flag never goes stale (pitfall 13): [`refresh_play_state`]
//!   clears it when the drive cannot answer, and STOP_AUDIO asks the drive
//!   whether anything plays.
//! - SET_VOLUME sends a zeroed MODE SELECT header, reads the page with
//!   DBD = 1 and applies the changeable mask (pitfall 10); the page walk is
//!   bounded exactly (pitfall 11).

use core::sync::atomic::Ordering;

use zerocopy::{FromBytes, IntoBytes};

use crate::abi::audio::{
    AudioStatus, CdromPlayAudioMsf, CdromSeekAudioMsf, CdromSubQDataFormat, SubQFormat,
    VolumeControl,
};
use crate::device::{Ctx, Device, FileContext, Platform, SendOpts};
use crate::dispatch::{Completion, IoctlRequest};
use crate::port::{DataPhase, Port};
use crate::scsi::audio::{
    pause_resume, play_audio_msf as play_cdb, read_q_channel as q_channel_cdb, seek10,
    stop_unit_immediate, volume_select_list, AudioOutput, SubChannelAnswer, AUDIO_CONTROL_PAGE,
    MSF_CURRENT_POSITION, VOLUME_SELECT_LEN, VOLUME_SENSE_ALLOC,
};
use crate::scsi::mode::{mode_select10, mode_sense10, PageControl};
use crate::scsi::msf::Msf;
use crate::status::NtStatus;

/// Bytes of the MODE SENSE(10) buffer of the volume IOCTLs.
const SENSE_BUF: usize = VOLUME_SENSE_ALLOC as usize;
/// Bytes of the largest Q-channel answer (format 2 and 3).
const Q_BUF: usize = 24;
/// Bytes of the current-position answer.
const POSITION_LEN: usize = 16;

/// Runs `f` serialised behind the exclusive-lock re-check; a refused lock
/// check completes with its status.
fn serialized<P: Platform>(
    dev: &Device<P>,
    file: Option<&FileContext>,
    f: impl FnOnce(&mut Ctx<'_, P::Port>) -> Completion,
) -> Completion {
    dev.run(file, true, f).unwrap_or_else(Completion::error)
}

fn set_playing<P: Port>(ctx: &Ctx<'_, P>, playing: bool) {
    ctx.shared.play_active.store(playing, Ordering::Relaxed);
}

/// A validated PLAY_AUDIO_MSF range.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct PlayRange {
    start: [u8; 3],
    end: [u8; 3],
    /// False for start == end: the drive plays nothing.
    plays: bool,
}

/// Checks a PLAY_AUDIO_MSF input. The class driver sends the bytes as they
/// come (pitfall 12); here each address must be a valid MSF at or after
/// 00:02:00 and the range must not end before it starts. The MMC start
/// address `FF:FF:FF` ("from the current position") is let through: it is a
/// defined value, not a malformed one.
fn play_range(msf: &CdromPlayAudioMsf) -> Option<PlayRange> {
    let end = Msf::from_bytes(msf.ending())?;
    end.to_lba()?;
    if msf.starting() == MSF_CURRENT_POSITION {
        return Some(PlayRange {
            start: MSF_CURRENT_POSITION,
            end: end.to_bytes(),
            plays: true,
        });
    }
    let start = Msf::from_bytes(msf.starting())?;
    start.to_lba()?;
    (end >= start).then_some(PlayRange {
        start: start.to_bytes(),
        end: end.to_bytes(),
        plays: end > start,
    })
}

/// IOCTL_CDROM_PLAY_AUDIO_MSF: PLAY AUDIO MSF (0x47); sets the play flag.
pub fn play_audio_msf<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let Ok((msf, _)) = CdromPlayAudioMsf::read_from_prefix(req.input) else {
        return NtStatus::INFO_LENGTH_MISMATCH.into();
    };
    let Some(range) = play_range(&msf) else {
        return NtStatus::INVALID_PARAMETER.into();
    };
    serialized(dev, req.file, |ctx| {
        match ctx.send(
            play_cdb(range.start, range.end),
            DataPhase::None,
            SendOpts::default(),
        ) {
            Ok(_) => {
                // An empty range plays nothing: setting the flag (as the
                // class driver does) would make reads busy for no play.
                if range.plays {
                    set_playing(ctx, true);
                }
                Completion::ok(0)
            }
            Err(e) => e.into(),
        }
    })
}

/// IOCTL_CDROM_SEEK_AUDIO_MSF: SEEK(10) to LBA = 4500·M + 75·S + F − 150.
/// An address that is not a valid MSF at or after 00:02:00 is refused with
/// INVALID_PARAMETER; the class driver would send the wrapped LBA
/// (00:00:00 → 0xFFFFFF6A, pitfall 12).
pub fn seek_audio_msf<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let Ok((msf, _)) = CdromSeekAudioMsf::read_from_prefix(req.input) else {
        return NtStatus::INFO_LENGTH_MISMATCH.into();
    };
    let Some(lba) = Msf::new(msf.m, msf.s, msf.f).and_then(Msf::to_lba) else {
        return NtStatus::INVALID_PARAMETER.into();
    };
    serialized(dev, req.file, |ctx| {
        match ctx.send(seek10(lba), DataPhase::None, SendOpts::default()) {
            Ok(_) => Completion::ok(0),
            Err(e) => e.into(),
        }
    })
}

fn pause_or_resume<P: Platform>(
    dev: &Device<P>,
    req: IoctlRequest<'_>,
    resume: bool,
) -> Completion {
    serialized(dev, req.file, |ctx| {
        match ctx.send(pause_resume(resume), DataPhase::None, SendOpts::default()) {
            Ok(_) => {
                set_playing(ctx, resume);
                Completion::ok(0)
            }
            Err(e) => e.into(),
        }
    })
}

/// IOCTL_CDROM_PAUSE_AUDIO (and IOCTL_CDROM_SIMBAD, which has the same
/// code): PAUSE/RESUME with Resume = 0; clears the play flag. Buffers are
/// ignored.
pub fn pause_audio<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    pause_or_resume(dev, req, false)
}

/// IOCTL_CDROM_RESUME_AUDIO: PAUSE/RESUME with Resume = 1; sets the play
/// flag. Buffers are ignored.
pub fn resume_audio<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    pause_or_resume(dev, req, true)
}

/// IOCTL_CDROM_STOP_AUDIO: START STOP UNIT `1B 01 00 00 00 00`; clears the
/// play flag.
///
/// The documentation says STOP without playback fails with
/// INVALID_DEVICE_REQUEST; the class driver never checks (its status comes
/// only from the drive's sense). Here the drive is asked first with READ
/// SUB-CHANNEL (current position):
/// - playing (0x11) or paused (0x12): the stop is sent;
/// - completed (0x13), error (0x14) or no status (0x15): nothing plays →
///   INVALID_DEVICE_REQUEST, no stop is sent, the flag is cleared;
/// - 0x00 "status not supported", an unknown value, or ILLEGAL REQUEST for
///   READ SUB-CHANNEL itself: the drive cannot tell, so the stop is sent as
///   the class driver would;
/// - any other failure (no medium, not ready, ...) completes with its
///   status.
pub fn stop_audio<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    serialized(dev, req.file, |ctx| {
        let Some(q_cdb) = q_channel_cdb(SubQFormat::CURRENT_POSITION, 0) else {
            return NtStatus::INVALID_PARAMETER.into();
        };
        let mut q = [0u8; POSITION_LEN];
        match ctx.send(q_cdb, DataPhase::In(&mut q), SendOpts::default()) {
            Ok(n) => {
                let status = q
                    .get(..n)
                    .and_then(SubChannelAnswer::new_checked)
                    .map(|a| a.status());
                if matches!(
                    status,
                    Some(
                        AudioStatus::PLAY_COMPLETE
                            | AudioStatus::PLAY_ERROR
                            | AudioStatus::NO_STATUS
                    )
                ) {
                    set_playing(ctx, false);
                    return NtStatus::INVALID_DEVICE_REQUEST.into();
                }
            }
            Err(e) if e.status == NtStatus::INVALID_DEVICE_REQUEST => {}
            Err(e) => return e.into(),
        }
        match ctx.send(stop_unit_immediate(), DataPhase::None, SendOpts::default()) {
            Ok(_) => {
                set_playing(ctx, false);
                Completion::ok(0)
            }
            Err(e) => e.into(),
        }
    })
}

/// IOCTL_CDROM_READ_Q_CHANNEL: READ SUB-CHANNEL of format 1 (position),
/// 2 (media catalogue number) or 3 (track ISRC).
///
/// The answer is read into a zeroed local buffer and copied unchanged (it
/// is the Windows structure); Information = the bytes received. The play
/// flag follows the answer's audio status; any failure clears it (a short
/// transfer is not forgiven and fails with DATA_OVERRUN).
pub fn read_q_channel<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let Ok((input, _)) = CdromSubQDataFormat::read_from_prefix(req.input) else {
        return NtStatus::INFO_LENGTH_MISMATCH.into();
    };
    let format = SubQFormat(input.format);
    let (Some(len), Some(cdb)) = (format.answer_len(), q_channel_cdb(format, input.track)) else {
        return NtStatus::INVALID_PARAMETER.into();
    };
    if req.output.len() < len {
        return Completion::with_info(NtStatus::BUFFER_TOO_SMALL, len);
    }
    let output = req.output;
    serialized(dev, req.file, |ctx| {
        let mut answer = [0u8; Q_BUF];
        let Some(buf) = answer.get_mut(..len) else {
            return NtStatus::INVALID_PARAMETER.into();
        };
        match ctx.send(cdb, DataPhase::In(buf), SendOpts::default()) {
            Ok(n) => {
                let received = buf.get(..n).unwrap_or(&[]);
                let playing = received
                    .get(1)
                    .is_some_and(|&s| AudioStatus(s) == AudioStatus::IN_PROGRESS);
                set_playing(ctx, playing);
                Completion::ok(ctx.copy_out(output, received))
            }
            Err(e) => {
                set_playing(ctx, false);
                e.into()
            }
        }
    })
}

/// Sends MODE SENSE(10) of page 0x0E into `buf` and finds the page.
fn sense_audio_page<P: Port>(
    ctx: &mut Ctx<'_, P>,
    dbd: bool,
    pc: PageControl,
    buf: &mut [u8; SENSE_BUF],
) -> Result<Option<AudioOutput>, Completion> {
    let cdb = mode_sense10(dbd, pc, AUDIO_CONTROL_PAGE, VOLUME_SENSE_ALLOC);
    // Under-runs count as success for MODE SENSE (the opcode's policy, and
    // the GET_VOLUME refinement of the class driver).
    let opts = SendOpts {
        overrun_ok: true,
        ..SendOpts::default()
    };
    let n = ctx
        .send(cdb, DataPhase::In(buf), opts)
        .map_err(Completion::from)?;
    Ok(buf.get(..n).and_then(AudioOutput::from_mode_sense10))
}

/// IOCTL_CDROM_GET_VOLUME: MODE SENSE(10) `5A 00 0E 00 00 00 00 00 40 00`;
/// the volumes are page bytes 9, 11, 13, 15; Information = 4. A missing
/// page, or one with fewer than 16 bytes inside the data (bounded exactly:
/// pitfall 11), fails with INVALID_DEVICE_REQUEST.
pub fn get_volume<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let len = size_of::<VolumeControl>();
    if req.output.len() < len {
        return Completion::with_info(NtStatus::BUFFER_TOO_SMALL, len);
    }
    let output = req.output;
    serialized(dev, req.file, |ctx| {
        let mut buf = [0u8; SENSE_BUF];
        let page = match sense_audio_page(ctx, false, PageControl::CURRENT, &mut buf) {
            Ok(Some(page)) => page,
            Ok(None) => return NtStatus::INVALID_DEVICE_REQUEST.into(),
            Err(c) => return c,
        };
        let volume = VolumeControl {
            port_volume: page.volumes(),
        };
        Completion::ok(ctx.copy_out(output, volume.as_bytes()))
    })
}

/// IOCTL_CDROM_SET_VOLUME.
///
/// 1. MODE SENSE(10) of page 0x0E, current values, DBD = 1:
///    `5A 08 0E 00 00 00 00 00 40 00`.
/// 2. MODE SENSE(10), changeable values (PC = 1), DBD = 1:
///    `5A 08 4E 00 00 00 00 00 40 00`. A drive that refuses PC = 1 with
///    ILLEGAL REQUEST (old ATAPI drives, QEMU) cannot tell its mask; the
///    volume bytes are then taken as changeable and the drive judges the
///    MODE SELECT.
/// 3. MODE SELECT(10) `55 10 00 00 00 00 00 00 18 00` with a zeroed 8-byte
///    header and the page ([`volume_select_list`]); Information = 0.
///
/// The class driver reads with DBD = 0, reuses the sensed header unmodified
/// and ignores the mask (pitfall 10). A drive that rejects MODE SELECT
/// (5/20/00, 5/24/00) completes with INVALID_DEVICE_REQUEST through the
/// sense table.
pub fn set_volume<P: Platform>(dev: &Device<P>, req: IoctlRequest<'_>) -> Completion {
    let Ok((volume, _)) = VolumeControl::read_from_prefix(req.input) else {
        return NtStatus::INFO_LENGTH_MISMATCH.into();
    };
    serialized(dev, req.file, |ctx| {
        let mut buf = [0u8; SENSE_BUF];
        let current = match sense_audio_page(ctx, true, PageControl::CURRENT, &mut buf) {
            Ok(Some(page)) => page,
            Ok(None) => return NtStatus::INVALID_DEVICE_REQUEST.into(),
            Err(c) => return c,
        };
        let mut buf = [0u8; SENSE_BUF];
        let changeable = match sense_audio_page(ctx, true, PageControl::CHANGEABLE, &mut buf) {
            Ok(Some(page)) => page,
            Ok(None) => return NtStatus::INVALID_DEVICE_REQUEST.into(),
            Err(c) if c.status == NtStatus::INVALID_DEVICE_REQUEST => {
                AudioOutput::volumes_changeable()
            }
            Err(c) => return c,
        };
        let list = volume_select_list(&current, &changeable, volume.port_volume);
        match ctx.send(
            mode_select10(VOLUME_SELECT_LEN as u16),
            DataPhase::Out(&list),
            SendOpts::default(),
        ) {
            Ok(_) => Completion::ok(0),
            Err(e) => e.into(),
        }
    })
}

/// The play state, refreshed from the drive: used by reads and the TOC
/// family before they answer STATUS_DEVICE_BUSY.
///
/// When the flag is set, READ SUB-CHANNEL (current position, 16 bytes) is
/// sent and the flag becomes "audio status == 0x11". When the command
/// fails the flag is cleared: the class driver left it set (pitfall 13),
/// so reads stayed busy after a play ended by itself or the disc left.
/// Without the flag no command is sent.
pub fn refresh_play_state<P: Port>(ctx: &mut Ctx<'_, P>) -> bool {
    if !ctx.shared.play_active.load(Ordering::Relaxed) {
        return false;
    }
    let Some(cdb) = q_channel_cdb(SubQFormat::CURRENT_POSITION, 0) else {
        set_playing(ctx, false);
        return false;
    };
    let mut q = [0u8; POSITION_LEN];
    let playing = match ctx.send(cdb, DataPhase::In(&mut q), SendOpts::default()) {
        Ok(n) => q
            .get(..n)
            .and_then(SubChannelAnswer::new_checked)
            .is_some_and(|a| a.status() == AudioStatus::IN_PROGRESS),
        Err(_) => false,
    };
    set_playing(ctx, playing);
    playing
}

#[cfg(test)]
mod tests {
    use core::sync::atomic::Ordering;

    use super::refresh_play_state;
    use crate::dispatch::Outcome;
    use crate::ioctl::Ioctl;
    use crate::status::NtStatus;
    use crate::testing::{assert_script_done, device, done, file, ioctl, Step, TestDevice};

    const PLAY: u32 = Ioctl::CdromPlayAudioMsf.code();
    const SEEK: u32 = Ioctl::CdromSeekAudioMsf.code();
    const PAUSE: u32 = Ioctl::CdromPauseAudio.code();
    const SIMBAD: u32 = Ioctl::CdromSimbad.code();
    const RESUME: u32 = Ioctl::CdromResumeAudio.code();
    const STOP: u32 = Ioctl::CdromStopAudio.code();
    const READ_Q: u32 = Ioctl::CdromReadQChannel.code();
    const GET_VOLUME: u32 = Ioctl::CdromGetVolume.code();
    const SET_VOLUME: u32 = Ioctl::CdromSetVolume.code();

    // CDBs, literally from rawread-exclusive-audio.md §4.
    const PAUSE_CDB: [u8; 10] = [0x4B, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const RESUME_CDB: [u8; 10] = [0x4B, 0, 0, 0, 0, 0, 0, 0, 1, 0];
    const STOP_CDB: [u8; 6] = [0x1B, 0x01, 0, 0, 0, 0];
    const Q_POSITION_CDB: [u8; 10] = [0x42, 0x02, 0x40, 0x01, 0, 0, 0, 0, 0x10, 0];
    const Q_MCN_CDB: [u8; 10] = [0x42, 0x00, 0x40, 0x02, 0, 0, 0, 0, 0x18, 0];
    const Q_ISRC5_CDB: [u8; 10] = [0x42, 0x00, 0x40, 0x03, 0, 0, 0x05, 0, 0x18, 0];
    const SENSE_VOLUME_CDB: [u8; 10] = [0x5A, 0x00, 0x0E, 0, 0, 0, 0, 0, 0x40, 0];
    const SENSE_DBD_CDB: [u8; 10] = [0x5A, 0x08, 0x0E, 0, 0, 0, 0, 0, 0x40, 0];
    const SENSE_MASK_CDB: [u8; 10] = [0x5A, 0x08, 0x4E, 0, 0, 0, 0, 0, 0x40, 0];
    const SELECT_CDB: [u8; 10] = [0x55, 0x10, 0, 0, 0, 0, 0, 0, 0x18, 0];

    /// Track 1, index 1, playing at 00:02:16 (relative 00:00:16).
    const POSITION_PLAYING: [u8; 16] = [
        0x00, 0x11, 0x00, 0x0C, 0x01, 0x10, 0x01, 0x01, 0x00, 0x00, 0x02, 0x10, 0x00, 0x00, 0x00,
        0x10,
    ];

    fn position(status: u8) -> [u8; 16] {
        let mut p = POSITION_PLAYING;
        p[1] = status;
        p
    }

    /// MCN 0123456789012, MCval set, AFRAME 0x21.
    const MCN: [u8; 24] = [
        0x00, 0x15, 0x00, 0x14, 0x02, 0, 0, 0, 0x80, b'0', b'1', b'2', b'3', b'4', b'5', b'6',
        b'7', b'8', b'9', b'0', b'1', b'2', 0x00, 0x21,
    ];

    /// ISRC USRC17607839 of track 5, TCval set.
    const ISRC: [u8; 24] = [
        0x00, 0x15, 0x00, 0x14, 0x03, 0x30, 0x05, 0, 0x80, b'U', b'S', b'R', b'C', b'1', b'7',
        b'6', b'0', b'7', b'8', b'3', b'9', 0x00, 0x10, 0x00,
    ];

    /// MODE SENSE(10) header (no block descriptor) + page 0x0E: port 0
    /// routes left at 0xC0, port 1 right at 0x80, bytes 3–7 hold 00 00 00 00 4B.
    const VOLUME_PAGE: [u8; 24] = [
        0x00, 0x16, 0, 0, 0, 0, 0x00, 0x00, // header: mode data length 22
        0x0E, 0x0E, 0x04, 0x00, 0x00, 0x00, 0x00, 0x4B, // page bytes 0..8
        0x01, 0xC0, 0x02, 0x80, 0x00, 0x00, 0x00, 0x00, // ports
    ];

    /// The changeable mask: volumes of ports 0 and 1, channel selections.
    const VOLUME_MASK: [u8; 24] = [
        0x00, 0x16, 0, 0, 0, 0, 0x00, 0x00, //
        0x0E, 0x0E, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, //
        0x0F, 0xFF, 0x0F, 0xFF, 0x00, 0x00, 0x00, 0x00,
    ];

    fn success() -> Outcome {
        done(NtStatus::SUCCESS, 0)
    }

    fn failed(status: NtStatus) -> Outcome {
        done(status, 0)
    }

    fn playing(dev: &TestDevice) -> bool {
        dev.shared.play_active.load(Ordering::Relaxed)
    }

    fn preset_playing(dev: &TestDevice) {
        dev.shared.play_active.store(true, Ordering::Relaxed);
    }

    fn refresh(dev: &TestDevice) -> bool {
        dev.run(None, false, refresh_play_state).unwrap()
    }

    // ---- PLAY_AUDIO_MSF ----------------------------------------------------

    #[test]
    fn play_sends_play_audio_msf_and_sets_the_flag() {
        let dev = device([Step::ok(&[0x47, 0, 0, 0, 2, 0, 3, 4, 5, 0], &[])]);
        let (o, out) = ioctl(&dev, Some(&file(1)), PLAY, &[0, 2, 0, 3, 4, 5], 8);
        assert_eq!(o, success());
        assert!(playing(&dev));
        assert_eq!(out, [0xA5; 8], "the output buffer is ignored");
        assert_script_done(&dev);
    }

    #[test]
    fn play_with_short_input_is_a_length_mismatch() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), PLAY, &[0, 2, 0, 3, 4], 0);
        assert_eq!(o, failed(NtStatus::INFO_LENGTH_MISMATCH));
    }

    #[test]
    fn play_refuses_seconds_of_60() {
        // The class driver sends 00:60:00 as is (pitfall 12).
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), PLAY, &[0, 60, 0, 3, 0, 0], 0);
        assert_eq!(o, failed(NtStatus::INVALID_PARAMETER));
        assert!(!playing(&dev));
    }

    #[test]
    fn play_refuses_frame_75_in_the_end() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), PLAY, &[0, 2, 0, 3, 0, 75], 0);
        assert_eq!(o, failed(NtStatus::INVALID_PARAMETER));
    }

    #[test]
    fn play_refuses_a_start_before_two_seconds() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), PLAY, &[0, 1, 74, 3, 0, 0], 0);
        assert_eq!(o, failed(NtStatus::INVALID_PARAMETER));
    }

    #[test]
    fn play_refuses_an_end_before_the_start() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), PLAY, &[3, 0, 1, 3, 0, 0], 0);
        assert_eq!(o, failed(NtStatus::INVALID_PARAMETER));
    }

    #[test]
    fn play_of_an_empty_range_is_sent_but_does_not_set_the_flag() {
        let dev = device([Step::ok(&[0x47, 0, 0, 3, 0, 0, 3, 0, 0, 0], &[])]);
        let (o, _) = ioctl(&dev, Some(&file(1)), PLAY, &[3, 0, 0, 3, 0, 0], 0);
        assert_eq!(o, success());
        assert!(!playing(&dev));
        assert_script_done(&dev);
    }

    #[test]
    fn play_from_the_current_position_passes_ff_ff_ff() {
        let dev = device([Step::ok(&[0x47, 0, 0, 0xFF, 0xFF, 0xFF, 3, 0, 0, 0], &[])]);
        let (o, _) = ioctl(&dev, Some(&file(1)), PLAY, &[0xFF, 0xFF, 0xFF, 3, 0, 0], 0);
        assert_eq!(o, success());
        assert!(playing(&dev));
        assert_script_done(&dev);
    }

    #[test]
    fn play_of_a_data_track_is_an_invalid_device_request() {
        let dev = device([Step::check(&[0x47, 0, 0, 0, 2, 0, 3, 0, 0, 0], 5, 0x64, 0)]);
        let (o, _) = ioctl(&dev, Some(&file(1)), PLAY, &[0, 2, 0, 3, 0, 0], 0);
        assert_eq!(o, failed(NtStatus::INVALID_DEVICE_REQUEST));
        assert!(!playing(&dev));
        assert_script_done(&dev);
    }

    #[test]
    fn play_past_the_lead_out_is_a_nonexistent_sector() {
        let dev = device([Step::check(&[0x47, 0, 0, 0, 2, 0, 99, 0, 0, 0], 5, 0x21, 0)]);
        let (o, _) = ioctl(&dev, Some(&file(1)), PLAY, &[0, 2, 0, 99, 0, 0], 0);
        assert_eq!(o, failed(NtStatus::NONEXISTENT_SECTOR));
        assert_script_done(&dev);
    }

    #[test]
    fn play_on_a_drive_without_audio_is_an_invalid_device_request() {
        // QEMU's ATAPI drive: 5/20/00 INVALID COMMAND OPERATION CODE.
        let dev = device([Step::check(&[0x47, 0, 0, 0, 2, 0, 3, 0, 0, 0], 5, 0x20, 0)]);
        let (o, _) = ioctl(&dev, Some(&file(1)), PLAY, &[0, 2, 0, 3, 0, 0], 0);
        assert_eq!(o, failed(NtStatus::INVALID_DEVICE_REQUEST));
        assert_script_done(&dev);
    }

    // ---- SEEK_AUDIO_MSF ----------------------------------------------------

    #[test]
    fn seek_sends_seek10_with_the_spec_example_lba() {
        let dev = device([Step::ok(&[0x2B, 0, 0, 0, 0, 0x10, 0, 0, 0, 0], &[])]);
        let (o, _) = ioctl(&dev, Some(&file(1)), SEEK, &[0, 2, 16], 0);
        assert_eq!(o, success());
        assert_script_done(&dev);
    }

    #[test]
    fn seek_lba_is_big_endian() {
        // 74:59:74 = 333000 + 4425 + 74 − 150 = 337349 = 0x000525C5.
        let dev = device([Step::ok(
            &[0x2B, 0, 0x00, 0x05, 0x25, 0xC5, 0, 0, 0, 0],
            &[],
        )]);
        let (o, _) = ioctl(&dev, Some(&file(1)), SEEK, &[74, 59, 74], 0);
        assert_eq!(o, success());
        assert_script_done(&dev);
    }

    #[test]
    fn seek_leaves_the_flag_alone() {
        let dev = device([Step::ok(&[0x2B, 0, 0, 0, 0, 0x10, 0, 0, 0, 0], &[])]);
        preset_playing(&dev);
        let (o, _) = ioctl(&dev, Some(&file(1)), SEEK, &[0, 2, 16], 0);
        assert_eq!(o, success());
        assert!(playing(&dev));
    }

    #[test]
    fn seek_with_short_input_is_a_length_mismatch() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), SEEK, &[0, 2], 0);
        assert_eq!(o, failed(NtStatus::INFO_LENGTH_MISMATCH));
    }

    #[test]
    fn seek_to_00_00_00_is_refused_instead_of_wrapping() {
        // The class driver would send LBA 0xFFFFFF6A.
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), SEEK, &[0, 0, 0], 0);
        assert_eq!(o, failed(NtStatus::INVALID_PARAMETER));
    }

    #[test]
    fn seek_refuses_seconds_of_60() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), SEEK, &[1, 60, 0], 0);
        assert_eq!(o, failed(NtStatus::INVALID_PARAMETER));
    }

    #[test]
    fn seek_refuses_frame_75() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), SEEK, &[1, 0, 75], 0);
        assert_eq!(o, failed(NtStatus::INVALID_PARAMETER));
    }

    #[test]
    fn seek_past_the_lead_out_is_a_nonexistent_sector() {
        let dev = device([Step::check(
            &[0x2B, 0, 0x00, 0x05, 0x25, 0xC5, 0, 0, 0, 0],
            5,
            0x21,
            0,
        )]);
        let (o, _) = ioctl(&dev, Some(&file(1)), SEEK, &[74, 59, 74], 0);
        assert_eq!(o, failed(NtStatus::NONEXISTENT_SECTOR));
    }

    // ---- PAUSE / RESUME ----------------------------------------------------

    #[test]
    fn pause_sends_resume_bit_0_and_clears_the_flag() {
        let dev = device([Step::ok(&PAUSE_CDB, &[])]);
        preset_playing(&dev);
        let (o, _) = ioctl(&dev, Some(&file(1)), PAUSE, &[], 0);
        assert_eq!(o, success());
        assert!(!playing(&dev));
        assert_script_done(&dev);
    }

    #[test]
    fn simbad_is_pause() {
        let dev = device([Step::ok(&PAUSE_CDB, &[])]);
        preset_playing(&dev);
        let (o, _) = ioctl(&dev, Some(&file(1)), SIMBAD, &[], 0);
        assert_eq!(SIMBAD, 0x0002_400C);
        assert_eq!(o, success());
        assert!(!playing(&dev));
        assert_script_done(&dev);
    }

    #[test]
    fn pause_ignores_buffers() {
        let dev = device([Step::ok(&PAUSE_CDB, &[])]);
        let (o, out) = ioctl(&dev, Some(&file(1)), PAUSE, &[1, 2, 3], 4);
        assert_eq!(o, success());
        assert_eq!(out, [0xA5; 4]);
    }

    #[test]
    fn pause_without_play_fails_as_the_drive_says() {
        // 5/2C/00 COMMAND SEQUENCE ERROR → the documented INVALID_DEVICE_REQUEST.
        let dev = device([Step::check(&PAUSE_CDB, 5, 0x2C, 0)]);
        let (o, _) = ioctl(&dev, Some(&file(1)), PAUSE, &[], 0);
        assert_eq!(o, failed(NtStatus::INVALID_DEVICE_REQUEST));
        assert_script_done(&dev);
    }

    #[test]
    fn resume_sends_resume_bit_1_and_sets_the_flag() {
        let dev = device([Step::ok(&RESUME_CDB, &[])]);
        let (o, _) = ioctl(&dev, Some(&file(1)), RESUME, &[], 0);
        assert_eq!(o, success());
        assert!(playing(&dev));
        assert_script_done(&dev);
    }

    #[test]
    fn failed_resume_does_not_set_the_flag() {
        let dev = device([Step::check(&RESUME_CDB, 5, 0x2C, 0)]);
        let (o, _) = ioctl(&dev, Some(&file(1)), RESUME, &[], 0);
        assert_eq!(o, failed(NtStatus::INVALID_DEVICE_REQUEST));
        assert!(!playing(&dev));
    }

    // ---- STOP_AUDIO ----------------------------------------------------------

    #[test]
    fn stop_while_playing_sends_start_stop_unit_and_clears_the_flag() {
        let dev = device([
            Step::ok(&Q_POSITION_CDB, &POSITION_PLAYING),
            Step::ok(&STOP_CDB, &[]),
        ]);
        preset_playing(&dev);
        let (o, _) = ioctl(&dev, Some(&file(1)), STOP, &[], 0);
        assert_eq!(o, success());
        assert!(!playing(&dev));
        assert_script_done(&dev);
    }

    #[test]
    fn stop_while_paused_is_sent() {
        let dev = device([
            Step::ok(&Q_POSITION_CDB, &position(0x12)),
            Step::ok(&STOP_CDB, &[]),
        ]);
        let (o, _) = ioctl(&dev, Some(&file(1)), STOP, &[], 0);
        assert_eq!(o, success());
        assert_script_done(&dev);
    }

    #[test]
    fn stop_with_nothing_playing_is_an_invalid_device_request_without_a_stop() {
        // Documented status; the class driver sends the stop regardless.
        let dev = device([Step::ok(&Q_POSITION_CDB, &position(0x15))]);
        let (o, _) = ioctl(&dev, Some(&file(1)), STOP, &[], 0);
        assert_eq!(o, failed(NtStatus::INVALID_DEVICE_REQUEST));
        assert_script_done(&dev);
    }

    #[test]
    fn stop_after_play_completed_clears_a_stale_flag() {
        let dev = device([Step::ok(&Q_POSITION_CDB, &position(0x13))]);
        preset_playing(&dev);
        let (o, _) = ioctl(&dev, Some(&file(1)), STOP, &[], 0);
        assert_eq!(o, failed(NtStatus::INVALID_DEVICE_REQUEST));
        assert!(!playing(&dev));
        assert_script_done(&dev);
    }

    #[test]
    fn stop_after_a_play_error_is_an_invalid_device_request() {
        let dev = device([Step::ok(&Q_POSITION_CDB, &position(0x14))]);
        let (o, _) = ioctl(&dev, Some(&file(1)), STOP, &[], 0);
        assert_eq!(o, failed(NtStatus::INVALID_DEVICE_REQUEST));
        assert_script_done(&dev);
    }

    #[test]
    fn stop_when_the_drive_reports_no_audio_status_is_sent() {
        // 0x00: the drive does not report a status, so it cannot say "idle".
        let dev = device([
            Step::ok(&Q_POSITION_CDB, &position(0x00)),
            Step::ok(&STOP_CDB, &[]),
        ]);
        let (o, _) = ioctl(&dev, Some(&file(1)), STOP, &[], 0);
        assert_eq!(o, success());
        assert_script_done(&dev);
    }

    #[test]
    fn stop_on_a_drive_without_read_sub_channel_is_sent() {
        let dev = device([
            Step::check(&Q_POSITION_CDB, 5, 0x20, 0),
            Step::ok(&STOP_CDB, &[]),
        ]);
        preset_playing(&dev);
        let (o, _) = ioctl(&dev, Some(&file(1)), STOP, &[], 0);
        assert_eq!(o, success());
        assert!(!playing(&dev));
        assert_script_done(&dev);
    }

    #[test]
    fn stop_without_a_medium_is_no_media_and_clears_the_flag() {
        let dev = device([Step::check(&Q_POSITION_CDB, 2, 0x3A, 0)]);
        preset_playing(&dev);
        let (o, _) = ioctl(&dev, Some(&file(1)), STOP, &[], 0);
        assert_eq!(o, failed(NtStatus::NO_MEDIA_IN_DEVICE));
        assert!(!playing(&dev));
        assert_script_done(&dev);
    }

    // ---- READ_Q_CHANNEL ------------------------------------------------------

    #[test]
    fn q_position_is_copied_raw_and_sets_the_flag() {
        let dev = device([Step::ok(&Q_POSITION_CDB, &POSITION_PLAYING)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), READ_Q, &[1, 0], 16);
        assert_eq!(o, done(NtStatus::SUCCESS, 16));
        assert_eq!(out, POSITION_PLAYING);
        assert!(playing(&dev));
        assert_script_done(&dev);
    }

    #[test]
    fn q_position_with_play_completed_clears_the_flag() {
        let dev = device([Step::ok(&Q_POSITION_CDB, &position(0x13))]);
        preset_playing(&dev);
        let (o, out) = ioctl(&dev, Some(&file(1)), READ_Q, &[1, 0], 16);
        assert_eq!(o, done(NtStatus::SUCCESS, 16));
        assert_eq!(out[1], 0x13);
        assert!(!playing(&dev));
    }

    #[test]
    fn q_paused_clears_the_flag() {
        let dev = device([Step::ok(&Q_POSITION_CDB, &position(0x12))]);
        preset_playing(&dev);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_Q, &[1, 0], 16);
        assert_eq!(o, done(NtStatus::SUCCESS, 16));
        assert!(!playing(&dev));
    }

    #[test]
    fn q_media_catalog() {
        let dev = device([Step::ok(&Q_MCN_CDB, &MCN)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), READ_Q, &[2, 7], 24);
        assert_eq!(o, done(NtStatus::SUCCESS, 24));
        assert_eq!(out, MCN);
        assert_script_done(&dev);
    }

    #[test]
    fn q_track_isrc_carries_the_track() {
        let dev = device([Step::ok(&Q_ISRC5_CDB, &ISRC)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), READ_Q, &[3, 5], 24);
        assert_eq!(o, done(NtStatus::SUCCESS, 24));
        assert_eq!(out, ISRC);
        assert_script_done(&dev);
    }

    #[test]
    fn q_information_is_what_arrived_and_nothing_more_is_written() {
        let dev = device([Step::ok(&Q_POSITION_CDB, &POSITION_PLAYING[..12])]);
        let (o, out) = ioctl(&dev, Some(&file(1)), READ_Q, &[1, 0], 32);
        assert_eq!(o, done(NtStatus::SUCCESS, 12));
        assert_eq!(out[..12], POSITION_PLAYING[..12]);
        assert_eq!(out[12..], [0xA5; 20]);
    }

    #[test]
    fn q_with_short_input_is_a_length_mismatch() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_Q, &[1], 16);
        assert_eq!(o, failed(NtStatus::INFO_LENGTH_MISMATCH));
    }

    #[test]
    fn q_format_0_is_an_invalid_parameter() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_Q, &[0, 0], 24);
        assert_eq!(o, failed(NtStatus::INVALID_PARAMETER));
    }

    #[test]
    fn q_format_4_is_an_invalid_parameter() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_Q, &[4, 0], 24);
        assert_eq!(o, failed(NtStatus::INVALID_PARAMETER));
    }

    #[test]
    fn q_format_is_checked_before_the_output_size() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_Q, &[9, 0], 0);
        assert_eq!(o, failed(NtStatus::INVALID_PARAMETER));
    }

    #[test]
    fn q_position_needs_16_bytes_of_output() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_Q, &[1, 0], 15);
        assert_eq!(o, done(NtStatus::BUFFER_TOO_SMALL, 16));
    }

    #[test]
    fn q_catalog_needs_24_bytes_of_output() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_Q, &[2, 0], 23);
        assert_eq!(o, done(NtStatus::BUFFER_TOO_SMALL, 24));
    }

    #[test]
    fn q_isrc_needs_24_bytes_of_output() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_Q, &[3, 1], 16);
        assert_eq!(o, done(NtStatus::BUFFER_TOO_SMALL, 24));
    }

    #[test]
    fn q_short_transfer_is_a_data_overrun_and_clears_the_flag() {
        let dev = device([Step::short(&Q_POSITION_CDB, &POSITION_PLAYING[..8])]);
        preset_playing(&dev);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_Q, &[1, 0], 16);
        assert_eq!(o, failed(NtStatus::DATA_OVERRUN));
        assert!(!playing(&dev));
        assert_script_done(&dev);
    }

    #[test]
    fn q_failure_clears_the_flag() {
        let dev = device([Step::check(&Q_POSITION_CDB, 5, 0x20, 0)]);
        preset_playing(&dev);
        let (o, _) = ioctl(&dev, Some(&file(1)), READ_Q, &[1, 0], 16);
        assert_eq!(o, failed(NtStatus::INVALID_DEVICE_REQUEST));
        assert!(!playing(&dev));
    }

    // ---- GET_VOLUME ----------------------------------------------------------

    #[test]
    fn get_volume_returns_page_bytes_9_11_13_15() {
        let dev = device([Step::ok(&SENSE_VOLUME_CDB, &VOLUME_PAGE)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), GET_VOLUME, &[], 4);
        assert_eq!(o, done(NtStatus::SUCCESS, 4));
        assert_eq!(out, [0xC0, 0x80, 0x00, 0x00]);
        assert_script_done(&dev);
    }

    #[test]
    fn get_volume_writes_4_bytes_of_a_larger_buffer() {
        let dev = device([Step::ok(&SENSE_VOLUME_CDB, &VOLUME_PAGE)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), GET_VOLUME, &[], 8);
        assert_eq!(o, done(NtStatus::SUCCESS, 4));
        assert_eq!(out, [0xC0, 0x80, 0, 0, 0xA5, 0xA5, 0xA5, 0xA5]);
    }

    #[test]
    fn get_volume_needs_4_bytes_of_output() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_VOLUME, &[], 3);
        assert_eq!(o, done(NtStatus::BUFFER_TOO_SMALL, 4));
    }

    #[test]
    fn get_volume_skips_a_block_descriptor() {
        let mut data = std::vec![0x00, 0x1E, 0, 0, 0, 0, 0x00, 0x08];
        data.extend_from_slice(&[0x00, 0, 0, 0, 0, 0, 0x08, 0]); // descriptor
        data.extend_from_slice(&VOLUME_PAGE[8..]);
        let dev = device([Step::ok(&SENSE_VOLUME_CDB, &data)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), GET_VOLUME, &[], 4);
        assert_eq!(o, done(NtStatus::SUCCESS, 4));
        assert_eq!(out, [0xC0, 0x80, 0, 0]);
    }

    #[test]
    fn get_volume_honours_the_high_byte_of_the_descriptor_length() {
        // Descriptor length 0x0108: the page cannot be inside 64 bytes. The
        // class driver uses the low byte only (8) and would take the bytes at
        // offset 16 — here shaped like a page — as the audio page (pitfall 11).
        let mut data = std::vec![0x01, 0x2E, 0, 0, 0, 0, 0x01, 0x08];
        data.extend_from_slice(&[0; 8]);
        data.extend_from_slice(&VOLUME_PAGE[8..]);
        data.resize(64, 0);
        let dev = device([Step::ok(&SENSE_VOLUME_CDB, &data)]);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_VOLUME, &[], 4);
        assert_eq!(o, failed(NtStatus::INVALID_DEVICE_REQUEST));
    }

    #[test]
    fn get_volume_accepts_an_under_run() {
        let dev = device([Step::short(&SENSE_VOLUME_CDB, &VOLUME_PAGE)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), GET_VOLUME, &[], 4);
        assert_eq!(o, done(NtStatus::SUCCESS, 4));
        assert_eq!(out, [0xC0, 0x80, 0, 0]);
    }

    #[test]
    fn get_volume_refuses_a_page_cut_short() {
        // 23 of 24 bytes: the page's last byte is missing. The class driver's
        // bound (start + PageLength ≤ end) is 2 bytes too lenient.
        let dev = device([Step::short(&SENSE_VOLUME_CDB, &VOLUME_PAGE[..23])]);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_VOLUME, &[], 4);
        assert_eq!(o, failed(NtStatus::INVALID_DEVICE_REQUEST));
    }

    #[test]
    fn get_volume_without_the_page_is_an_invalid_device_request() {
        let data = [0x00, 0x0A, 0, 0, 0, 0, 0, 0, 0x01, 0x02, 0xAA, 0xBB];
        let dev = device([Step::ok(&SENSE_VOLUME_CDB, &data)]);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_VOLUME, &[], 4);
        assert_eq!(o, failed(NtStatus::INVALID_DEVICE_REQUEST));
    }

    /// QEMU's ATAPI answer (hw/ide/atapi.c): a 22-byte mode data length,
    /// medium type 0x70, page 0x0E/14 whose bytes 2–8 and channel
    /// selections are left over from its I/O buffer (here 0xAB), volumes 0;
    /// 24 bytes of a 64-byte allocation, reported as an under-run.
    const QEMU_VOLUME_PAGE: [u8; 24] = [
        0x00, 0x16, 0x70, 0, 0, 0, 0, 0, //
        0x0E, 0x0E, 0xAB, 0xAB, 0xAB, 0xAB, 0xAB, 0xAB, //
        0xAB, 0x00, 0xAB, 0x00, 0xAB, 0x00, 0xAB, 0x00,
    ];

    #[test]
    fn get_volume_reads_qemu_s_page() {
        let dev = device([Step::short(&SENSE_VOLUME_CDB, &QEMU_VOLUME_PAGE)]);
        let (o, out) = ioctl(&dev, Some(&file(1)), GET_VOLUME, &[], 4);
        assert_eq!(o, done(NtStatus::SUCCESS, 4));
        assert_eq!(out, [0, 0, 0, 0]);
    }

    #[test]
    fn set_volume_on_qemu_is_an_invalid_device_request() {
        let dev = device([
            Step::short(&SENSE_DBD_CDB, &QEMU_VOLUME_PAGE),
            Step::check(&SENSE_MASK_CDB, 5, 0x24, 0),
            Step::check(&SELECT_CDB, 5, 0x20, 0),
        ]);
        let (o, _) = ioctl(&dev, Some(&file(1)), SET_VOLUME, &[0xFF; 4], 0);
        assert_eq!(o, failed(NtStatus::INVALID_DEVICE_REQUEST));
        assert_script_done(&dev);
    }

    #[test]
    fn get_volume_refused_by_the_drive() {
        let dev = device([Step::check(&SENSE_VOLUME_CDB, 5, 0x24, 0)]);
        let (o, _) = ioctl(&dev, Some(&file(1)), GET_VOLUME, &[], 4);
        assert_eq!(o, failed(NtStatus::INVALID_DEVICE_REQUEST));
        assert_script_done(&dev);
    }

    // ---- SET_VOLUME ----------------------------------------------------------

    #[test]
    fn set_volume_sends_zeroed_header_kept_selection_and_masked_volumes() {
        let dev = device([
            Step::ok(&SENSE_DBD_CDB, &VOLUME_PAGE),
            Step::ok(&SENSE_MASK_CDB, &VOLUME_MASK),
            Step::out(
                &SELECT_CDB,
                &[
                    0, 0, 0, 0, 0, 0, 0, 0, // zeroed header
                    0x0E, 0x0E, 0x04, 0x00, 0x00, 0x00, 0x00, 0x4B, // page bytes kept
                    0x01, 0x10, 0x02, 0x20, 0x00, 0x00, 0x00, 0x00, // ports 2, 3 masked to 0
                ],
            ),
        ]);
        let (o, out) = ioctl(
            &dev,
            Some(&file(1)),
            SET_VOLUME,
            &[0x10, 0x20, 0x30, 0x40],
            4,
        );
        assert_eq!(o, success());
        assert_eq!(out, [0xA5; 4]);
        assert_script_done(&dev);
    }

    #[test]
    fn set_volume_ands_each_volume_with_the_mask() {
        let mut mask = VOLUME_MASK;
        mask[17] = 0xF0;
        mask[19] = 0x0F;
        let dev = device([
            Step::ok(&SENSE_DBD_CDB, &VOLUME_PAGE),
            Step::ok(&SENSE_MASK_CDB, &mask),
            Step::out(
                &SELECT_CDB,
                &[
                    0, 0, 0, 0, 0, 0, 0, 0, //
                    0x0E, 0x0E, 0x04, 0x00, 0x00, 0x00, 0x00, 0x4B, //
                    0x01, 0xA0, 0x02, 0x05, 0x00, 0x00, 0x00, 0x00,
                ],
            ),
        ]);
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            SET_VOLUME,
            &[0xA5, 0x55, 0xFF, 0xFF],
            0,
        );
        assert_eq!(o, success());
        assert_script_done(&dev);
    }

    #[test]
    fn set_volume_ignores_a_descriptor_the_drive_sent_despite_dbd() {
        // The page bytes 3–7 come from the page, not the descriptor, and the
        // header is zeroed (pitfall 10: the class driver would forward the
        // sensed header claiming a descriptor and put descriptor bytes into
        // page bytes 3–7).
        let mut data = std::vec![0x00, 0x1E, 0, 0, 0, 0, 0x00, 0x08];
        data.extend_from_slice(&[0x00, 0, 0, 0, 0x11, 0x22, 0x33, 0x44]);
        data.extend_from_slice(&VOLUME_PAGE[8..]);
        let dev = device([
            Step::ok(&SENSE_DBD_CDB, &data),
            Step::ok(&SENSE_MASK_CDB, &VOLUME_MASK),
            Step::out(
                &SELECT_CDB,
                &[
                    0, 0, 0, 0, 0, 0, 0, 0, //
                    0x0E, 0x0E, 0x04, 0x00, 0x00, 0x00, 0x00, 0x4B, //
                    0x01, 0xFF, 0x02, 0xFF, 0x00, 0x00, 0x00, 0x00,
                ],
            ),
        ]);
        let (o, _) = ioctl(&dev, Some(&file(1)), SET_VOLUME, &[0xFF; 4], 0);
        assert_eq!(o, success());
        assert_script_done(&dev);
    }

    #[test]
    fn set_volume_with_short_input_is_a_length_mismatch() {
        let dev = device([]);
        let (o, _) = ioctl(&dev, Some(&file(1)), SET_VOLUME, &[1, 2, 3], 0);
        assert_eq!(o, failed(NtStatus::INFO_LENGTH_MISMATCH));
    }

    #[test]
    fn set_volume_without_the_page_sends_nothing_more() {
        let data = [0x00, 0x0A, 0, 0, 0, 0, 0, 0, 0x01, 0x02, 0xAA, 0xBB];
        let dev = device([Step::ok(&SENSE_DBD_CDB, &data)]);
        let (o, _) = ioctl(&dev, Some(&file(1)), SET_VOLUME, &[0xFF; 4], 0);
        assert_eq!(o, failed(NtStatus::INVALID_DEVICE_REQUEST));
        assert_script_done(&dev);
    }

    #[test]
    fn set_volume_on_a_drive_refusing_the_mask_and_mode_select() {
        // QEMU: MODE SENSE PC=1 → 5/24/00, so the volumes go unmasked; MODE
        // SELECT → 5/20/00 → INVALID_DEVICE_REQUEST.
        let dev = device([
            Step::ok(&SENSE_DBD_CDB, &VOLUME_PAGE),
            Step::check(&SENSE_MASK_CDB, 5, 0x24, 0),
            Step {
                data_out: Some(std::vec![
                    0, 0, 0, 0, 0, 0, 0, 0, //
                    0x0E, 0x0E, 0x04, 0x00, 0x00, 0x00, 0x00, 0x4B, //
                    0x01, 0x10, 0x02, 0x20, 0x00, 0x30, 0x00, 0x40,
                ]),
                ..Step::check(&SELECT_CDB, 5, 0x20, 0)
            },
        ]);
        let (o, _) = ioctl(
            &dev,
            Some(&file(1)),
            SET_VOLUME,
            &[0x10, 0x20, 0x30, 0x40],
            0,
        );
        assert_eq!(o, failed(NtStatus::INVALID_DEVICE_REQUEST));
        assert_script_done(&dev);
    }

    #[test]
    fn set_volume_mode_select_invalid_field_is_an_invalid_device_request() {
        let dev = device([
            Step::ok(&SENSE_DBD_CDB, &VOLUME_PAGE),
            Step::ok(&SENSE_MASK_CDB, &VOLUME_MASK),
            Step::check(&SELECT_CDB, 5, 0x24, 0),
        ]);
        let (o, _) = ioctl(&dev, Some(&file(1)), SET_VOLUME, &[0xFF; 4], 0);
        assert_eq!(o, failed(NtStatus::INVALID_DEVICE_REQUEST));
        assert_script_done(&dev);
    }

    #[test]
    fn set_volume_stops_when_the_mask_read_finds_no_medium() {
        let dev = device([
            Step::ok(&SENSE_DBD_CDB, &VOLUME_PAGE),
            Step::check(&SENSE_MASK_CDB, 2, 0x3A, 0),
        ]);
        let (o, _) = ioctl(&dev, Some(&file(1)), SET_VOLUME, &[0xFF; 4], 0);
        assert_eq!(o, failed(NtStatus::NO_MEDIA_IN_DEVICE));
        assert_script_done(&dev);
    }

    // ---- any drive answer --------------------------------------------------

    proptest::proptest! {
        #[test]
        fn any_q_answer_is_copied_as_received(
            format in 1u8..=3,
            answer in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..=24),
        ) {
            let len = if format == 1 { 16 } else { 24 };
            let cdb = crate::scsi::audio::read_q_channel(crate::abi::audio::SubQFormat(format), 0)
                .unwrap();
            let dev = device([Step::ok(cdb.as_bytes(), &answer)]);
            let (o, out) = ioctl(&dev, Some(&file(1)), READ_Q, &[format, 0], 40);
            let n = answer.len().min(len);
            proptest::prop_assert_eq!(o, done(NtStatus::SUCCESS, n));
            proptest::prop_assert_eq!(&out[..n], &answer[..n]);
            proptest::prop_assert!(out[n..].iter().all(|&b| b == 0xA5));
            proptest::prop_assert_eq!(playing(&dev), n >= 2 && answer[1] == 0x11);
        }

        #[test]
        fn any_mode_sense_answer_gives_the_page_or_invalid_device_request(
            answer in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..=64),
        ) {
            let dev = device([Step::ok(&SENSE_VOLUME_CDB, &answer)]);
            let (o, out) = ioctl(&dev, Some(&file(1)), GET_VOLUME, &[], 8);
            if let Some(page) = crate::scsi::audio::AudioOutput::from_mode_sense10(&answer) {
                proptest::prop_assert_eq!(o, done(NtStatus::SUCCESS, 4));
                proptest::prop_assert_eq!(&out[..4], &page.volumes()[..]);
            } else {
                proptest::prop_assert_eq!(o, failed(NtStatus::INVALID_DEVICE_REQUEST));
            }
            proptest::prop_assert_eq!(&out[4..], &[0xA5; 4][..]);
        }
    }

    // ---- refresh_play_state --------------------------------------------------

    #[test]
    fn refresh_without_the_flag_sends_nothing() {
        let dev = device([]);
        assert!(!refresh(&dev));
    }

    #[test]
    fn refresh_while_playing_keeps_the_flag() {
        let dev = device([Step::ok(&Q_POSITION_CDB, &POSITION_PLAYING)]);
        preset_playing(&dev);
        assert!(refresh(&dev));
        assert!(playing(&dev));
        assert_script_done(&dev);
    }

    #[test]
    fn refresh_after_play_ended_by_itself_clears_the_flag() {
        let dev = device([Step::ok(&Q_POSITION_CDB, &position(0x13))]);
        preset_playing(&dev);
        assert!(!refresh(&dev));
        assert!(!playing(&dev));
    }

    #[test]
    fn refresh_clears_the_flag_when_the_drive_cannot_answer() {
        // The class driver's probe returned FALSE but left the flag set, so
        // reads stayed busy (pitfall 13).
        let dev = device([Step::check(&Q_POSITION_CDB, 5, 0x20, 0)]);
        preset_playing(&dev);
        assert!(!refresh(&dev));
        assert!(!playing(&dev));
    }

    #[test]
    fn refresh_after_eject_clears_the_flag() {
        let dev = device([Step::check(&Q_POSITION_CDB, 2, 0x3A, 0)]);
        preset_playing(&dev);
        assert!(!refresh(&dev));
        assert!(!playing(&dev));
    }

    #[test]
    fn refresh_with_a_headerless_answer_clears_the_flag() {
        let dev = device([Step::ok(&Q_POSITION_CDB, &[0, 0x11])]);
        preset_playing(&dev);
        assert!(!refresh(&dev));
    }
}
