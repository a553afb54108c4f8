//! The simulated drive's audio player, command by command, over the small
//! disc of `audio_common`.

mod audio_common;
mod sim_support;

use std::sync::{Arc, Mutex};

use audio_common::{disc, disc_with, left, Ramp, ISRC1, MCN};
use cdfilter_core::abi::audio::AudioStatus;
use cdfilter_core::scsi::audio::{volume_select_list, AudioOutput};
use cdfilter_host::disc::Disc;
use cdfilter_host::sim::audio::{AudioSink, PlayState, Player, WavSink, SAMPLES_PER_FRAME};
use cdfilter_host::sim::Sense;

const LBA_OUT_OF_RANGE: Sense = Sense {
    key: 5,
    asc: 0x21,
    ascq: 0,
};
const INVALID_FIELD_IN_CDB: Sense = Sense {
    key: 5,
    asc: 0x24,
    ascq: 0,
};
const INVALID_FIELD_IN_PARAMETERS: Sense = Sense {
    key: 5,
    asc: 0x26,
    ascq: 0,
};
const PARAMETER_LIST_LENGTH: Sense = Sense {
    key: 5,
    asc: 0x1A,
    ascq: 0,
};
const COMMAND_SEQUENCE_ERROR: Sense = Sense {
    key: 5,
    asc: 0x2C,
    ascq: 0,
};
const ILLEGAL_MODE_FOR_TRACK: Sense = Sense {
    key: 5,
    asc: 0x64,
    ascq: 0,
};

#[track_caller]
fn cmd(p: &mut Player, d: &Disc, cdb: &[u8]) -> Result<usize, Sense> {
    p.command(d, cdb, &mut []).expect("an audio opcode")
}

#[track_caller]
fn play_msf(p: &mut Player, d: &Disc, s: [u8; 3], e: [u8; 3]) -> Result<usize, Sense> {
    cmd(p, d, &[0x47, 0, 0, s[0], s[1], s[2], e[0], e[1], e[2], 0])
}

#[track_caller]
fn play10(p: &mut Player, d: &Disc, lba: u32, len: u16) -> Result<usize, Sense> {
    let l = lba.to_be_bytes();
    let n = len.to_be_bytes();
    cmd(p, d, &[0x45, 0, l[0], l[1], l[2], l[3], 0, n[0], n[1], 0])
}

/// READ SUB-CHANNEL format 1, 16 bytes, MSF or LBA form.
#[track_caller]
fn position(p: &mut Player, d: &Disc, msf: bool) -> [u8; 16] {
    let mut b = [0u8; 16];
    let cdb = [0x42, u8::from(msf) << 1, 0x40, 1, 0, 0, 0, 0, 16, 0];
    let n = p.command(d, &cdb, &mut b).unwrap().unwrap();
    assert_eq!(n, 16);
    b
}

#[track_caller]
fn status(p: &mut Player, d: &Disc) -> u8 {
    position(p, d, true)[1]
}

#[track_caller]
fn read_q(p: &mut Player, d: &Disc, format: u8, track: u8) -> Result<[u8; 24], Sense> {
    let mut b = [0u8; 24];
    let n = p
        .command(d, &[0x42, 0, 0x40, format, 0, 0, track, 0, 24, 0], &mut b)
        .unwrap()?;
    assert_eq!(n, 24);
    Ok(b)
}

fn pause(p: &mut Player, d: &Disc) -> Result<usize, Sense> {
    cmd(p, d, &[0x4B, 0, 0, 0, 0, 0, 0, 0, 0, 0])
}

fn resume(p: &mut Player, d: &Disc) -> Result<usize, Sense> {
    cmd(p, d, &[0x4B, 0, 0, 0, 0, 0, 0, 0, 1, 0])
}

// ---- opcodes -----------------------------------------------------------------

#[test]
fn other_opcodes_are_not_the_players() {
    let d = disc();
    let mut p = Player::new();
    assert!(p
        .command(&d, &[0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0], &mut [])
        .is_none());
    assert!(p.command(&d, &[], &mut []).is_none());
}

// ---- play and position -----------------------------------------------------

#[test]
fn play_msf_starts_playing_at_the_start() {
    let d = disc();
    let mut p = Player::new();
    assert_eq!(play_msf(&mut p, &d, [0, 2, 0], [0, 4, 0]), Ok(0));
    assert!(p.is_playing());
    assert_eq!(
        position(&mut p, &d, true),
        [0, 0x11, 0, 12, 1, 0x12, 1, 1, 0, 0, 2, 0, 0, 0, 0, 0]
    );
}

#[test]
fn one_second_of_clock_is_75_frames() {
    let d = disc();
    let mut p = Player::new();
    play_msf(&mut p, &d, [0, 2, 0], [0, 4, 0]).unwrap();
    p.advance(&d, 75);
    assert_eq!(
        position(&mut p, &d, true),
        [0, 0x11, 0, 12, 1, 0x12, 1, 1, 0, 0, 3, 0, 0, 0, 1, 0]
    );
}

#[test]
fn position_in_lba_form() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 100, 50).unwrap();
    p.advance(&d, 16);
    let q = position(&mut p, &d, false);
    assert_eq!(q[8..], [0, 0, 0, 116, 0, 0, 0, 116]);
}

#[test]
fn index_2_after_the_track_s_second_index() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 140, 100).unwrap();
    p.advance(&d, 10);
    let q = position(&mut p, &d, false);
    assert_eq!((q[6], q[7]), (1, 2));
    assert_eq!(q[12..], 150u32.to_be_bytes());
}

#[test]
fn pregap_is_index_0_with_relative_time_counting_down() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 300, 400).unwrap();
    let q = position(&mut p, &d, true);
    // Track 2 (PRE → control 1), index 0, absolute 00:06:00, 150 frames
    // (00:02:00) before INDEX 01.
    assert_eq!(q[4..], [1, 0x11, 2, 0, 0, 0, 6, 0, 0, 0, 2, 0]);
}

#[test]
fn pregap_relative_lba_is_negative() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 300, 400).unwrap();
    let q = position(&mut p, &d, false);
    assert_eq!(q[12..], (-150i32).to_be_bytes());
    assert_eq!(q[12..], [0xFF, 0xFF, 0xFF, 0x6A]);
}

#[test]
fn last_pregap_frame_is_one_frame_before_index_1() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 300, 400).unwrap();
    p.advance(&d, 149);
    let q = position(&mut p, &d, true);
    assert_eq!((q[6], q[7]), (2, 0));
    assert_eq!(q[12..], [0, 0, 0, 1]);
}

#[test]
fn index_1_starts_the_relative_count_at_zero() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 300, 400).unwrap();
    p.advance(&d, 150);
    let q = position(&mut p, &d, true);
    assert_eq!((q[6], q[7]), (2, 1));
    assert_eq!(q[12..], [0, 0, 0, 0]);
}

#[test]
fn play_runs_across_tracks() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 0, 700).unwrap();
    p.advance(&d, 310);
    let q = position(&mut p, &d, false);
    assert_eq!((q[1], q[6], q[7]), (0x11, 2, 0));
}

#[test]
fn play_audio_12_takes_a_32_bit_length() {
    let d = disc();
    let mut p = Player::new();
    let r = cmd(&mut p, &d, &[0xA5, 0, 0, 0, 1, 0xC2, 0, 0, 0, 10, 0, 0]);
    assert_eq!(r, Ok(0));
    assert_eq!(p.position(), 450);
    p.advance(&d, 10);
    assert_eq!(p.state(), PlayState::Idle);
}

#[test]
fn play_from_the_current_position_after_a_seek() {
    let d = disc();
    let mut p = Player::new();
    cmd(&mut p, &d, &[0x2B, 0, 0, 0, 0x01, 0xC2, 0, 0, 0, 0]).unwrap();
    assert_eq!(play_msf(&mut p, &d, [0xFF; 3], [0, 9, 0]), Ok(0));
    assert!(p.is_playing());
    assert_eq!(p.position(), 450);
}

#[test]
fn play_audio_10_from_ffffffff_is_the_current_position() {
    let d = disc();
    let mut p = Player::new();
    cmd(&mut p, &d, &[0x2B, 0, 0, 0, 0, 50, 0, 0, 0, 0]).unwrap();
    assert_eq!(play10(&mut p, &d, u32::MAX, 10), Ok(0));
    assert_eq!(p.position(), 50);
}

// ---- end of play and status sequence ----------------------------------------

#[test]
fn play_to_the_end_reports_completed_once_then_no_status() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 0, 10).unwrap();
    p.advance(&d, 10);
    assert!(!p.is_playing());
    assert_eq!(status(&mut p, &d), 0x13);
    assert_eq!(status(&mut p, &d), 0x15);
}

#[test]
fn completed_play_rests_on_its_last_frame() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 0, 10).unwrap();
    p.advance(&d, 1000);
    assert_eq!(p.position(), 9);
}

#[test]
fn the_clock_does_not_move_an_idle_player() {
    let d = disc();
    let mut p = Player::new();
    p.advance(&d, 75);
    assert_eq!(p.position(), 0);
    assert_eq!(status(&mut p, &d), 0x15);
}

#[test]
fn header_only_read_also_consumes_the_completed_status() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 0, 1).unwrap();
    p.advance(&d, 1);
    let mut b = [0xEEu8; 16];
    let n = p
        .command(&d, &[0x42, 2, 0, 1, 0, 0, 0, 0, 16, 0], &mut b)
        .unwrap();
    assert_eq!(n, Ok(4));
    assert_eq!(b[..4], [0, 0x13, 0, 0]);
    assert_eq!(status(&mut p, &d), 0x15);
}

#[test]
fn unreadable_sector_ends_play_with_an_error_once() {
    let d = disc_with(Ramp { bad: Some(5) });
    let mut p = Player::new();
    p.set_sink(Some(Box::new(Collect::default())));
    play10(&mut p, &d, 0, 10).unwrap();
    p.advance(&d, 10);
    assert_eq!(p.position(), 5);
    assert_eq!(status(&mut p, &d), 0x14);
    assert_eq!(status(&mut p, &d), 0x15);
}

// ---- pause, resume, stop -----------------------------------------------------

#[test]
fn pause_freezes_the_position() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 0, 300).unwrap();
    p.advance(&d, 20);
    assert_eq!(pause(&mut p, &d), Ok(0));
    p.advance(&d, 75);
    assert_eq!(p.position(), 20);
    assert_eq!(status(&mut p, &d), 0x12);
}

#[test]
fn resume_continues_from_the_paused_frame() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 0, 300).unwrap();
    p.advance(&d, 20);
    pause(&mut p, &d).unwrap();
    assert_eq!(resume(&mut p, &d), Ok(0));
    p.advance(&d, 5);
    assert_eq!(p.position(), 25);
    assert_eq!(status(&mut p, &d), 0x11);
}

#[test]
fn pause_while_paused_and_resume_while_playing_are_no_ops() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 0, 300).unwrap();
    assert_eq!(resume(&mut p, &d), Ok(0));
    assert_eq!(p.state(), PlayState::Playing);
    pause(&mut p, &d).unwrap();
    assert_eq!(pause(&mut p, &d), Ok(0));
    assert_eq!(p.state(), PlayState::Paused);
}

#[test]
fn pause_without_a_play_is_a_command_sequence_error() {
    let d = disc();
    let mut p = Player::new();
    assert_eq!(pause(&mut p, &d), Err(COMMAND_SEQUENCE_ERROR));
}

#[test]
fn resume_after_the_play_completed_is_a_command_sequence_error() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 0, 1).unwrap();
    p.advance(&d, 1);
    assert_eq!(resume(&mut p, &d), Err(COMMAND_SEQUENCE_ERROR));
}

#[test]
fn stop_play_scan_ends_play_with_no_status() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 0, 300).unwrap();
    assert_eq!(cmd(&mut p, &d, &[0x4E, 0, 0, 0, 0, 0, 0, 0, 0, 0]), Ok(0));
    assert!(!p.is_playing());
    assert_eq!(status(&mut p, &d), 0x15);
}

#[test]
fn stop_play_scan_while_idle_succeeds() {
    let d = disc();
    let mut p = Player::new();
    assert_eq!(cmd(&mut p, &d, &[0x4E, 0, 0, 0, 0, 0, 0, 0, 0, 0]), Ok(0));
}

#[test]
fn medium_removal_stops_a_paused_play() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 0, 300).unwrap();
    pause(&mut p, &d).unwrap();
    p.stop();
    assert_eq!(p.state(), PlayState::Idle);
    assert_eq!(p.audio_status(), AudioStatus::NO_STATUS);
}

#[test]
fn stop_drops_an_unreported_completion() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 0, 1).unwrap();
    p.advance(&d, 1);
    p.stop();
    assert_eq!(status(&mut p, &d), 0x15);
}

#[test]
fn seek_moves_the_pick_up_and_ends_play() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 0, 300).unwrap();
    assert_eq!(
        cmd(&mut p, &d, &[0x2B, 0, 0, 0, 0x01, 0xC2, 0, 0, 0, 0]),
        Ok(0)
    );
    assert_eq!(p.position(), 450);
    assert_eq!(status(&mut p, &d), 0x15);
}

#[test]
fn seek_past_the_lead_out_is_out_of_range() {
    let d = disc();
    let mut p = Player::new();
    let r = cmd(&mut p, &d, &[0x2B, 0, 0, 0, 0x03, 0xE8, 0, 0, 0, 0]);
    assert_eq!(r, Err(LBA_OUT_OF_RANGE));
}

// ---- refused plays -------------------------------------------------------------

#[test]
fn play_of_a_data_track_is_an_illegal_mode() {
    let d = disc();
    let mut p = Player::new();
    assert_eq!(play10(&mut p, &d, 850, 10), Err(ILLEGAL_MODE_FOR_TRACK));
    assert!(!p.is_playing());
}

#[test]
fn play_running_into_a_data_track_is_an_illegal_mode() {
    let d = disc();
    let mut p = Player::new();
    assert_eq!(play10(&mut p, &d, 600, 200), Err(ILLEGAL_MODE_FOR_TRACK));
}

#[test]
fn play_with_start_equal_to_end_is_a_no_op() {
    let d = disc();
    let mut p = Player::new();
    assert_eq!(play_msf(&mut p, &d, [0, 3, 0], [0, 3, 0]), Ok(0));
    assert_eq!(p.state(), PlayState::Idle);
}

#[test]
fn play_of_length_zero_leaves_a_play_running() {
    let d = disc();
    let mut p = Player::new();
    play10(&mut p, &d, 0, 300).unwrap();
    assert_eq!(play10(&mut p, &d, 500, 0), Ok(0));
    assert_eq!(p.position(), 0);
    assert!(p.is_playing());
}

#[test]
fn play_ending_past_the_lead_out_is_out_of_range() {
    // Lead-out 1000 = 00:15:25 (1150 frames); 00:15:26 is one frame past.
    let d = disc();
    let mut p = Player::new();
    assert_eq!(
        play_msf(&mut p, &d, [0, 2, 0], [0, 15, 26]),
        Err(LBA_OUT_OF_RANGE)
    );
}

#[test]
fn play_ending_at_the_lead_out_is_accepted_up_to_the_data_track() {
    let d = disc();
    let mut p = Player::new();
    assert_eq!(
        play_msf(&mut p, &d, [0, 2, 0], [0, 15, 25]),
        Err(ILLEGAL_MODE_FOR_TRACK)
    );
    assert_eq!(play_msf(&mut p, &d, [0, 2, 0], [0, 11, 25]), Ok(0));
}

#[test]
fn play_starting_at_the_lead_out_is_out_of_range() {
    let d = disc();
    let mut p = Player::new();
    assert_eq!(play10(&mut p, &d, 1000, 1), Err(LBA_OUT_OF_RANGE));
}

#[test]
fn play_msf_in_the_lead_in_is_out_of_range() {
    let d = disc();
    let mut p = Player::new();
    assert_eq!(
        play_msf(&mut p, &d, [0, 1, 0], [0, 3, 0]),
        Err(LBA_OUT_OF_RANGE)
    );
}

#[test]
fn play_msf_ending_before_its_start_is_an_invalid_field() {
    let d = disc();
    let mut p = Player::new();
    assert_eq!(
        play_msf(&mut p, &d, [0, 4, 0], [0, 3, 0]),
        Err(INVALID_FIELD_IN_CDB)
    );
}

#[test]
fn play_msf_with_seconds_of_60_is_an_invalid_field() {
    let d = disc();
    let mut p = Player::new();
    assert_eq!(
        play_msf(&mut p, &d, [0, 60, 0], [0, 61, 0]),
        Err(INVALID_FIELD_IN_CDB)
    );
}

#[test]
fn play_audio_10_from_a_negative_lba_is_out_of_range() {
    let d = disc();
    let mut p = Player::new();
    assert_eq!(
        play10(&mut p, &d, (-150i32) as u32, 300),
        Err(LBA_OUT_OF_RANGE)
    );
}

// ---- MCN and ISRC --------------------------------------------------------------

#[test]
fn media_catalog_number_is_the_disc_s() {
    let d = disc();
    let mut p = Player::new();
    cmd(&mut p, &d, &[0x2B, 0, 0, 0, 0, 7, 0, 0, 0, 0]).unwrap();
    let a = read_q(&mut p, &d, 2, 0).unwrap();
    assert_eq!(a[..9], [0, 0x15, 0, 20, 2, 0, 0, 0, 0x80]);
    assert_eq!(a[9..22], MCN);
    assert_eq!(a[22..], [0, 7]);
}

#[test]
fn no_catalog_number_is_not_valid() {
    let mut d = disc();
    d.mcn = None;
    let mut p = Player::new();
    let a = read_q(&mut p, &d, 2, 0).unwrap();
    assert_eq!(a[8..], [0; 16]);
}

#[test]
fn isrc_is_the_track_s() {
    let d = disc();
    let mut p = Player::new();
    let a = read_q(&mut p, &d, 3, 1).unwrap();
    assert_eq!(a[..9], [0, 0x15, 0, 20, 3, 0x32, 1, 0, 0x80]);
    assert_eq!(a[9..21], ISRC1);
    assert_eq!(a[21..], [0, 0, 0]);
}

#[test]
fn track_without_isrc_is_not_valid() {
    let d = disc();
    let mut p = Player::new();
    let a = read_q(&mut p, &d, 3, 2).unwrap();
    assert_eq!((a[6], a[8]), (2, 0));
    assert_eq!(a[9..], [0; 15]);
}

#[test]
fn isrc_of_a_missing_track_is_an_invalid_field() {
    let d = disc();
    let mut p = Player::new();
    assert_eq!(read_q(&mut p, &d, 3, 9), Err(INVALID_FIELD_IN_CDB));
}

#[test]
fn unknown_sub_channel_format_is_an_invalid_field() {
    let d = disc();
    let mut p = Player::new();
    assert_eq!(read_q(&mut p, &d, 5, 0), Err(INVALID_FIELD_IN_CDB));
}

#[test]
fn allocation_length_bounds_the_transfer() {
    let d = disc();
    let mut p = Player::new();
    let mut b = [0xEEu8; 16];
    let n = p
        .command(&d, &[0x42, 2, 0x40, 1, 0, 0, 0, 0, 8, 0], &mut b)
        .unwrap();
    assert_eq!(n, Ok(8));
    assert_eq!(b[8..], [0xEE; 8]);
}

#[test]
fn a_short_data_in_buffer_bounds_the_transfer() {
    let d = disc();
    let mut p = Player::new();
    let mut b = [0u8; 6];
    let n = p
        .command(&d, &[0x42, 2, 0x40, 1, 0, 0, 0, 0, 16, 0], &mut b)
        .unwrap();
    assert_eq!(n, Ok(6));
}

// ---- mode page 0x0E ------------------------------------------------------------

#[test]
fn audio_page_defaults() {
    let p = Player::new();
    let current = [0x0E, 0x0E, 4, 0, 0, 0, 0, 0, 1, 0xFF, 2, 0xFF, 0, 0, 0, 0];
    assert_eq!(p.audio_page(0), current);
    assert_eq!(p.audio_page(2), current);
    assert_eq!(p.audio_page(3), current);
    assert_eq!(
        p.audio_page(1),
        [0x0E, 0x0E, 2, 0, 0, 0, 0, 0, 0x0F, 0xFF, 0x0F, 0xFF, 0, 0, 0, 0]
    );
}

#[test]
fn select_changes_the_current_volumes_only() {
    let mut p = Player::new();
    let page = [0x0E, 0x0E, 4, 0, 0, 0, 0, 0, 2, 0x40, 1, 0x80, 0, 0, 0, 0];
    assert_eq!(p.select_audio_page(&page), Ok(()));
    assert_eq!(p.audio_page(0), page);
    assert_eq!(p.volumes(), [0x40, 0x80, 0, 0]);
    assert_eq!(p.audio_page(2)[9], 0xFF);
}

#[test]
fn select_of_a_port_that_does_not_exist_is_refused() {
    let mut p = Player::new();
    let page = [
        0x0E, 0x0E, 4, 0, 0, 0, 0, 0, 1, 0xFF, 2, 0xFF, 0, 0x10, 0, 0,
    ];
    assert_eq!(p.select_audio_page(&page), Err(INVALID_FIELD_IN_PARAMETERS));
    assert_eq!(p.volumes(), [0xFF, 0xFF, 0, 0]);
}

#[test]
fn select_clearing_immed_is_refused() {
    let mut p = Player::new();
    let page = [0x0E, 0x0E, 0, 0, 0, 0, 0, 0, 1, 0xFF, 2, 0xFF, 0, 0, 0, 0];
    assert_eq!(p.select_audio_page(&page), Err(INVALID_FIELD_IN_PARAMETERS));
}

#[test]
fn select_with_a_wrong_page_length_is_refused() {
    let mut p = Player::new();
    let page = [0x0E, 0x0A, 4, 0, 0, 0, 0, 0, 1, 0xFF, 2, 0xFF, 0, 0, 0, 0];
    assert_eq!(p.select_audio_page(&page), Err(INVALID_FIELD_IN_PARAMETERS));
}

#[test]
fn select_of_another_page_is_refused() {
    let mut p = Player::new();
    let page = [0x0D, 0x0E, 4, 0, 0, 0, 0, 0, 1, 0xFF, 2, 0xFF, 0, 0, 0, 0];
    assert_eq!(p.select_audio_page(&page), Err(INVALID_FIELD_IN_PARAMETERS));
}

#[test]
fn select_of_a_short_page_is_a_parameter_list_length_error() {
    let mut p = Player::new();
    assert_eq!(
        p.select_audio_page(&[0x0E, 0x0E, 4, 0]),
        Err(PARAMETER_LIST_LENGTH)
    );
}

#[test]
fn the_core_s_set_volume_page_is_accepted() {
    // The contract between the filter's SET_VOLUME and this drive: the page
    // the core builds from the drive's own current and changeable pages.
    let mut p = Player::new();
    let current = AudioOutput::from_page(&p.audio_page(0)).unwrap();
    let mask = AudioOutput::from_page(&p.audio_page(1)).unwrap();
    let list = volume_select_list(&current, &mask, [0x20, 0x30, 0x40, 0x50]);
    assert_eq!(p.select_audio_page(&list[8..]), Ok(()));
    assert_eq!(p.volumes(), [0x20, 0x30, 0, 0]);
}

// ---- the sink --------------------------------------------------------------------

#[derive(Debug, Default, Clone)]
struct Collect(Arc<Mutex<Vec<[i16; 2]>>>);

impl AudioSink for Collect {
    fn frame(&mut self, samples: &[[i16; 2]; SAMPLES_PER_FRAME]) {
        self.0.lock().unwrap().extend_from_slice(samples);
    }
}

#[test]
fn sink_receives_the_played_frames_at_full_volume() {
    let d = disc();
    let mut p = Player::new();
    let sink = Collect::default();
    p.set_sink(Some(Box::new(sink.clone())));
    play10(&mut p, &d, 10, 2).unwrap();
    p.advance(&d, 5);
    let got = sink.0.lock().unwrap().clone();
    assert_eq!(got.len(), 2 * SAMPLES_PER_FRAME);
    assert_eq!(got[0], [left(10, 0), -left(10, 0)]);
    assert_eq!(got[SAMPLES_PER_FRAME + 7], [left(11, 7), -left(11, 7)]);
}

#[test]
fn sink_hears_the_volume_and_the_channel_routing() {
    let d = disc();
    let mut p = Player::new();
    let sink = Collect::default();
    p.set_sink(Some(Box::new(sink.clone())));
    // Port 0 plays the right channel at 0x80, port 1 is muted.
    let page = [0x0E, 0x0E, 4, 0, 0, 0, 0, 0, 2, 0x80, 2, 0x00, 0, 0, 0, 0];
    p.select_audio_page(&page).unwrap();
    play10(&mut p, &d, 3, 1).unwrap();
    p.advance(&d, 1);
    let got = sink.0.lock().unwrap().clone();
    let right = -i32::from(left(3, 100));
    assert_eq!(got[100], [(right * 0x80 / 255) as i16, 0]);
}

#[test]
fn wav_sink_writes_what_was_played() {
    let d = disc();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("play.wav");
    let mut p = Player::new();
    p.set_sink(Some(Box::new(WavSink::create(&path).unwrap())));
    play10(&mut p, &d, 0, 3).unwrap();
    p.advance(&d, 3);
    let sink = p.set_sink(None).unwrap();
    drop(sink); // WavWriter finalises on drop
    let mut r = hound::WavReader::open(&path).unwrap();
    assert_eq!(r.spec().channels, 2);
    assert_eq!(r.spec().sample_rate, 44_100);
    let samples: Vec<i16> = r.samples::<i16>().map(Result::unwrap).collect();
    assert_eq!(samples.len(), 3 * SAMPLES_PER_FRAME * 2);
    assert_eq!(samples[2 * 600], left(1, 12));
    assert_eq!(samples[2 * 600 + 1], -left(1, 12));
}

// ---- any input ---------------------------------------------------------------

proptest::proptest! {
    #[test]
    fn any_audio_cdb_is_answered_within_its_buffer(
        op in proptest::sample::select(vec![0x42u8, 0x45, 0x47, 0xA5, 0x4B, 0x4E, 0x2B]),
        rest in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..=11),
        buf_len in 0usize..40,
        frames in 0u32..2000,
    ) {
        let d = disc();
        let mut p = Player::new();
        let mut cdb = vec![op];
        cdb.extend_from_slice(&rest);
        let mut buf = vec![0u8; buf_len];
        let r = p.command(&d, &cdb, &mut buf);
        proptest::prop_assert!(r.is_some());
        if let Some(Ok(n)) = r {
            proptest::prop_assert!(n <= buf_len);
        }
        p.advance(&d, frames);
        proptest::prop_assert!(p.position() < d.leadout());
    }

    #[test]
    fn any_selected_page_leaves_the_unchangeable_bytes(page: [u8; 16]) {
        let mut p = Player::new();
        let before = p.audio_page(0);
        let mask = p.audio_page(1);
        if p.select_audio_page(&page).is_ok() {
            let after = p.audio_page(0);
            for i in 2..16 {
                proptest::prop_assert_eq!((after[i] ^ before[i]) & !mask[i], 0);
            }
        } else {
            proptest::prop_assert_eq!(p.audio_page(0), before);
        }
    }
}
