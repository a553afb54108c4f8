//! Port-level tests of the two peer backends: each command's exact answer
//! from QEMU's ATAPI CD-ROM and from tgt's MMC logical unit, with the
//! images' own bytes as the reference.

mod common;

use cdfilter_core::port::{scsi_status, Port, SrbStatus};
use cdfilter_peers::{quirks, IscsiPort, PeerError, QemuPort};
use common::{exec, exec_out, images, msf, read10, sense};

const TUR: [u8; 6] = [0; 6];
const INQUIRY_36: [u8; 6] = [0x12, 0, 0, 0, 36, 0];
const INQUIRY_96: [u8; 6] = [0x12, 0, 0, 0, 96, 0];
const READ_CAPACITY: [u8; 10] = [0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const REQUEST_SENSE: [u8; 6] = [0x03, 0, 0, 0, 18, 0];
const PREVENT: [u8; 6] = [0x1E, 0, 0, 0, 1, 0];
const ALLOW: [u8; 6] = [0x1E, 0, 0, 0, 0, 0];
const EJECT: [u8; 6] = [0x1B, 0, 0, 0, 2, 0];
const LOAD: [u8; 6] = [0x1B, 0, 0, 0, 3, 0];

#[track_caller]
fn assert_good(r: &cdfilter_core::PortResult, transferred: u32) {
    assert_eq!(r.srb_status, SrbStatus::SUCCESS, "{r:?}");
    assert_eq!(r.scsi_status, scsi_status::GOOD);
    assert_eq!(r.transferred, transferred);
}

#[track_caller]
fn assert_check(r: &cdfilter_core::PortResult, want: (u8, u8, u8)) {
    assert_eq!(r.srb_status, SrbStatus::ERROR, "{r:?}");
    assert_eq!(r.scsi_status, scsi_status::CHECK_CONDITION);
    assert_eq!(sense(r), want);
}

fn capacity_answer(sectors: u32) -> Vec<u8> {
    let mut v = (sectors - 1).to_be_bytes().to_vec();
    v.extend_from_slice(&2048u32.to_be_bytes());
    v
}

// ---------------------------------------------------------------- QEMU

#[test]
fn qemu_inquiry_names_a_removable_mmc_drive() {
    let Some(img) = images() else { return };
    let Some(mut q) = common::qemu(&img.small) else {
        return;
    };

    let (r, data) = exec(&mut q, &INQUIRY_36, 36);

    assert_good(&r, 36);
    assert_eq!(&data[..5], &[0x05, 0x80, 0x00, 0x21, 0x1F]);
    assert_eq!(&data[8..36], b"QEMU    QEMU DVD-ROM    2.5+");
}

#[test]
fn qemu_test_unit_ready_and_capacity() {
    let Some(img) = images() else { return };
    let Some(mut q) = common::qemu(&img.small) else {
        return;
    };

    let (tur, _) = exec(&mut q, &TUR, 0);
    let (r, data) = exec(&mut q, &READ_CAPACITY, 8);

    assert_good(&tur, 0);
    assert_good(&r, 8);
    assert_eq!(data, capacity_answer(img.small_sectors()));
}

#[test]
fn qemu_bad_opcode_then_request_sense() {
    let Some(img) = images() else { return };
    let Some(mut q) = common::qemu(&img.small) else {
        return;
    };

    let (bad, _) = exec(&mut q, &[0xFF, 0, 0, 0, 0, 0], 0);
    let (again, data) = exec(&mut q, &REQUEST_SENSE, 18);

    assert_check(&bad, (5, 0x20, 0));
    assert_eq!(bad.sense_len, 18);
    // quirks::QEMU_SENSE_RETAINED: the same sense once more.
    assert_good(&again, 18);
    assert_eq!((data[2], data[12], data[13]), (5, 0x20, 0));
}

#[test]
fn qemu_read10_returns_the_image_bytes() {
    let Some(img) = images() else { return };
    let Some(mut q) = common::qemu(&img.small) else {
        return;
    };

    let (r, data) = exec(&mut q, &read10(20, 4), 4 * 2048);

    assert_good(&r, 8192);
    assert_eq!(data, &img.small_bytes[20 * 2048..24 * 2048]);
}

#[test]
fn qemu_short_answer_is_an_underrun_with_the_real_count() {
    let Some(img) = images() else { return };
    let Some(mut q) = common::qemu(&img.small) else {
        return;
    };

    let (r, data) = exec(&mut q, &INQUIRY_96, 96);

    assert_eq!(r.srb_status, SrbStatus::DATA_OVERRUN);
    assert_eq!(r.transferred, 36);
    assert_eq!(data.len(), 36);
}

#[test]
fn qemu_read_past_the_end_is_lba_out_of_range() {
    let Some(img) = images() else { return };
    let Some(mut q) = common::qemu(&img.small) else {
        return;
    };

    let (r, _) = exec(&mut q, &read10(img.small_sectors(), 1), 2048);

    assert_check(&r, (5, 0x21, 0));
}

#[test]
fn qemu_odd_block_fails_and_the_drive_recovers() {
    let Some(img) = images() else { return };
    let Some(mut q) = common::qemu(&img.small) else {
        return;
    };

    // quirks::QEMU_ODD_BYTE_COUNT: an 11-byte GET CONFIGURATION answer.
    let (odd, _) = exec(&mut q, &[0x46, 2, 0, 0, 0, 0, 0, 0, 11, 0], 11);
    let (tur, _) = exec(&mut q, &TUR, 0);
    let (inq, _) = exec(&mut q, &INQUIRY_36, 36);

    assert_eq!(odd.srb_status, SrbStatus::PHASE_SEQUENCE_FAILURE);
    assert_eq!(q.alignment_mask(), 1);
    assert_eq!(tur.srb_status, SrbStatus::SUCCESS);
    assert_good(&inq, 36);
}

#[test]
fn qemu_medium_change_reports_no_medium_then_attention_then_ready() {
    let Some(img) = images() else { return };
    let Some(mut q) = common::qemu(&img.small) else {
        return;
    };

    q.change_medium(&img.other).expect("QMP medium change");
    let (first, _) = exec(&mut q, &TUR, 0);
    let (second, _) = exec(&mut q, &TUR, 0);
    let (third, _) = exec(&mut q, &TUR, 0);
    let (cap, data) = exec(&mut q, &READ_CAPACITY, 8);

    assert_check(&first, (2, 0x3A, 0));
    assert_check(&second, (6, 0x28, 0));
    assert_good(&third, 0);
    assert_good(&cap, 8);
    assert_eq!(data, capacity_answer((img.other_bytes.len() / 2048) as u32));
}

#[test]
fn qemu_forced_eject_leaves_no_medium() {
    let Some(img) = images() else { return };
    let Some(mut q) = common::qemu(&img.small) else {
        return;
    };

    q.eject_medium().expect("QMP eject");
    let (tur, _) = exec(&mut q, &TUR, 0);
    let (load, _) = exec(&mut q, &LOAD, 0);
    let (after, _) = exec(&mut q, &TUR, 0);

    assert_check(&tur, (2, 0x3A, 0));
    assert_good(&load, 0);
    assert_check(&after, (2, 0x3A, 0));
}

#[test]
fn qemu_eject_while_prevented_is_not_ready() {
    let Some(img) = images() else { return };
    let Some(mut q) = common::qemu(&img.small) else {
        return;
    };

    let (lock, _) = exec(&mut q, &PREVENT, 0);
    let (refused, _) = exec(&mut q, &EJECT, 0);
    let (unlock, _) = exec(&mut q, &ALLOW, 0);
    let (eject, _) = exec(&mut q, &EJECT, 0);
    let (empty, _) = exec(&mut q, &TUR, 0);
    let (load, _) = exec(&mut q, &LOAD, 0);
    let (ready, _) = exec(&mut q, &TUR, 0);

    assert_good(&lock, 0);
    // quirks::QEMU_EJECT_LOCKED_NOT_READY (MMC: 5/53/02).
    assert_check(&refused, (2, 0x53, 0));
    assert_good(&unlock, 0);
    assert_good(&eject, 0);
    assert_check(&empty, (2, 0x3A, 0));
    assert_good(&load, 0);
    assert_good(&ready, 0);
}

#[test]
fn qemu_toc_format_comes_from_byte_9_unless_translated() {
    let Some(img) = images() else { return };
    let Some(mut q) = common::qemu(&img.small) else {
        return;
    };
    let session = [0x43, 0, 1, 0, 0, 0, 0, 0, 12, 0];

    q.set_toc_format_translation(false);
    let (raw, raw_data) = exec(&mut q, &session, 12);
    q.set_toc_format_translation(true);
    let (translated, data) = exec(&mut q, &session, 12);

    // quirks::QEMU_TOC_FORMAT_IN_BYTE_9: untranslated, the format-0 TOC
    // (length 0x12) comes back.
    assert_good(&raw, 12);
    assert_eq!(raw_data, [0, 0x12, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0]);
    // quirks::QEMU_SESSION_DESCRIPTOR_ZERO: ADR/CONTROL and track 0.
    assert_good(&translated, 12);
    assert_eq!(data, [0, 0x0A, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
}

#[test]
fn qemu_toc_formats_without_an_atapi_code_are_refused() {
    let Some(img) = images() else { return };
    let Some(mut q) = common::qemu(&img.small) else {
        return;
    };

    let (pma, _) = exec(&mut q, &[0x43, 0, 3, 0, 0, 0, 0, 0x0F, 0xFE, 0], 0xFFE);
    let (text, _) = exec(&mut q, &[0x43, 0, 5, 0, 0, 0, 0, 0x0F, 0xFE, 0], 0xFFE);

    assert_check(&pma, (5, 0x24, 0));
    assert_check(&text, (5, 0x24, 0));
}

#[test]
fn qemu_toc_has_one_track_and_the_leadout() {
    let Some(img) = images() else { return };
    let Some(mut q) = common::qemu(&img.small) else {
        return;
    };
    let leadout = msf(img.small_sectors());

    let (r, data) = exec(&mut q, &[0x43, 2, 0, 0, 0, 0, 0, 3, 0x24, 0], 804);

    assert_eq!(r.srb_status, SrbStatus::DATA_OVERRUN);
    assert_eq!(
        data,
        [
            0,
            0x12,
            1,
            1,
            0,
            0x14,
            1,
            0,
            0,
            0,
            2,
            0,
            0,
            quirks::QEMU_LEADOUT_ADR_CONTROL,
            0xAA,
            0,
            0,
            leadout[0],
            leadout[1],
            leadout[2]
        ]
    );
}

#[test]
fn qemu_read_cd_raw_sector_has_sync_header_and_zero_edc_ecc() {
    let Some(img) = images() else { return };
    let Some(mut q) = common::qemu(&img.small) else {
        return;
    };
    let lba = 16u32;
    let header = msf(lba);

    let (r, raw) = exec(&mut q, &[0xBE, 0, 0, 0, 0, 16, 0, 0, 1, 0xF8, 0, 0], 2352);

    assert_good(&r, 2352);
    assert_eq!(
        &raw[..16],
        &[
            0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, header[0], header[1],
            header[2], 1
        ]
    );
    assert_eq!(&raw[16..2064], img.sector(lba));
    // quirks::QEMU_RAW_EDC_ECC_ZERO.
    assert!(raw[2064..].iter().all(|&b| b == 0));
}

#[test]
fn qemu_read_cd_refuses_the_raw_read_ioctl_selections() {
    let Some(img) = images() else { return };
    let Some(mut q) = common::qemu(&img.small) else {
        return;
    };

    // quirks::QEMU_READ_CD_FLAGS: CDDA / XAForm2 / raw-with-subcode (0xF0),
    // YellowMode2 (0xB0), raw-with-C2 (0xF4).
    for flags in [0xF0, 0xB0, 0xF4] {
        let (r, _) = exec(&mut q, &[0xBE, 0, 0, 0, 0, 16, 0, 0, 1, flags, 0, 0], 2352);
        assert_check(&r, (5, 0x24, 0));
    }
}

#[test]
fn qemu_audio_commands_are_invalid() {
    let Some(img) = images() else { return };
    let Some(mut q) = common::qemu(&img.small) else {
        return;
    };

    let (play, _) = exec(&mut q, &[0x47, 0, 0, 0, 2, 0, 0, 3, 0, 0], 0);
    let (subq, _) = exec(&mut q, &[0x42, 2, 0x40, 1, 0, 0, 0, 0, 16, 0], 16);

    assert_check(&play, (5, 0x20, 0));
    assert_check(&subq, (5, 0x20, 0));
}

#[test]
fn qemu_process_ends_when_the_port_is_dropped() {
    let Some(img) = images() else { return };
    let Some(q) = common::qemu(&img.small) else {
        return;
    };
    let proc_dir = std::path::PathBuf::from(format!("/proc/{}", q.pid()));
    assert!(proc_dir.exists());

    drop(q);

    assert!(!proc_dir.exists());
}

#[test]
fn qemu_missing_image_is_an_image_error() {
    let r = QemuPort::start(std::path::Path::new("/nonexistent/disc.iso"));

    assert!(matches!(r, Err(PeerError::Image { .. })), "{r:?}");
}

// ---------------------------------------------------------------- tgt

#[test]
fn tgt_inquiry_names_a_removable_mmc_unit() {
    let Some(img) = images() else { return };
    let Some((_t, mut p)) = common::tgt(&img.small) else {
        return;
    };

    let (r, data) = exec(&mut p, &INQUIRY_36, 36);

    assert_good(&r, 36);
    assert_eq!(&data[..2], &[0x05, 0x80]);
    assert_eq!(&data[8..36], b"IET     VIRTUAL-CDROM   0001");
}

#[test]
fn tgt_test_unit_ready_and_capacity() {
    let Some(img) = images() else { return };
    let Some((_t, mut p)) = common::tgt(&img.small) else {
        return;
    };

    let (tur, _) = exec(&mut p, &TUR, 0);
    let (r, data) = exec(&mut p, &READ_CAPACITY, 8);

    assert_good(&tur, 0);
    assert_good(&r, 8);
    assert_eq!(data, capacity_answer(img.small_sectors()));
}

#[test]
fn tgt_bad_opcode_then_request_sense() {
    let Some(img) = images() else { return };
    let Some((_t, mut p)) = common::tgt(&img.small) else {
        return;
    };

    let (bad, _) = exec(&mut p, &[0xFF, 0, 0, 0, 0, 0], 0);
    let (again, data) = exec(&mut p, &REQUEST_SENSE, 18);

    assert_check(&bad, (5, 0x20, 0));
    assert_eq!(bad.sense[0] & 0x7F, 0x70);
    // The sense went with the status: nothing is left.
    assert_good(&again, 18);
    assert_eq!((data[2], data[12], data[13]), (0, 0, 0));
}

#[test]
fn tgt_read10_returns_the_image_bytes() {
    let Some(img) = images() else { return };
    let Some((_t, mut p)) = common::tgt(&img.small) else {
        return;
    };

    let (r, data) = exec(&mut p, &read10(20, 32), 32 * 2048);

    assert_good(&r, 65536);
    assert_eq!(data, &img.small_bytes[20 * 2048..52 * 2048]);
}

#[test]
fn tgt_short_answer_is_an_underrun_with_the_real_count() {
    let Some(img) = images() else { return };
    let Some((_t, mut p)) = common::tgt(&img.small) else {
        return;
    };

    let (r, data) = exec(&mut p, &INQUIRY_96, 96);

    assert_eq!(r.srb_status, SrbStatus::DATA_OVERRUN);
    assert_eq!(r.transferred, 66);
    assert_eq!(data.len(), 66);
}

#[test]
fn tgt_mode_select_data_out_is_accepted() {
    let Some(img) = images() else { return };
    let Some((_t, mut p)) = common::tgt(&img.small) else {
        return;
    };
    let (sensed, page) = exec(&mut p, &[0x5A, 0, 0x01, 0, 0, 0, 0, 0, 20, 0], 20);
    assert_eq!(sensed.srb_status, SrbStatus::SUCCESS, "{sensed:?}");
    let mut list = page.clone();
    list[0] = 0;
    list[1] = 0;

    let r = exec_out(&mut p, &[0x55, 0x10, 0, 0, 0, 0, 0, 0, 20, 0], &list);

    assert_good(&r, 0);
}

#[test]
fn tgt_medium_offline_and_back_without_unit_attention() {
    let Some(img) = images() else { return };
    let Some((t, mut p)) = common::tgt(&img.small) else {
        return;
    };

    t.set_online(false).expect("tgtadm online=0");
    let (out, _) = exec(&mut p, &TUR, 0);
    t.set_online(true).expect("tgtadm online=1");
    let (back, _) = exec(&mut p, &TUR, 0);

    assert_check(&out, (2, 0x3A, 0));
    // quirks::TGT_NO_MEDIA_CHANGE_ATTENTION.
    assert_good(&back, 0);
}

#[test]
fn tgt_eject_while_prevented_is_refused_as_mmc_says() {
    let Some(img) = images() else { return };
    let Some((_t, mut p)) = common::tgt(&img.small) else {
        return;
    };

    let (lock, _) = exec(&mut p, &PREVENT, 0);
    let (refused, _) = exec(&mut p, &EJECT, 0);
    let (unlock, _) = exec(&mut p, &ALLOW, 0);
    let (eject, _) = exec(&mut p, &EJECT, 0);
    let (empty, _) = exec(&mut p, &TUR, 0);
    let (load, _) = exec(&mut p, &LOAD, 0);
    let (ready, _) = exec(&mut p, &TUR, 0);

    assert_good(&lock, 0);
    assert_check(&refused, (5, 0x53, 2));
    assert_good(&unlock, 0);
    assert_good(&eject, 0);
    assert_check(&empty, (2, 0x3A, 0));
    assert_good(&load, 0);
    assert_good(&ready, 0);
}

#[test]
fn tgt_toc_is_two_bytes_short_with_a_fixed_msf_leadout() {
    let Some(img) = images() else { return };
    let Some((_t, mut p)) = common::tgt(&img.small) else {
        return;
    };

    let (r, data) = exec(&mut p, &[0x43, 2, 0, 0, 0, 0, 0, 3, 0x24, 0], 804);

    // quirks::TGT_TOC_18_BYTES, quirks::TGT_MSF_LEADOUT_FIXED.
    assert_eq!(r.srb_status, SrbStatus::DATA_OVERRUN);
    assert_eq!(r.transferred as usize, quirks::TGT_TOC_LEN);
    assert_eq!(
        data,
        [
            0,
            0x12,
            1,
            1,
            0,
            0x14,
            1,
            0,
            0,
            0,
            2,
            0,
            0,
            0x14,
            0xAA,
            0,
            0,
            quirks::TGT_MSF_LEADOUT[0]
        ]
    );
}

#[test]
fn tgt_session_answer_is_ten_bytes() {
    let Some(img) = images() else { return };
    let Some((_t, mut p)) = common::tgt(&img.small) else {
        return;
    };

    let (r, data) = exec(&mut p, &[0x43, 0, 1, 0, 0, 0, 0, 0, 12, 0], 12);

    // quirks::TGT_SESSION_10_BYTES.
    assert_eq!(r.srb_status, SrbStatus::DATA_OVERRUN);
    assert_eq!(data, [0, 0x0A, 1, 1, 0, 0x14, 1, 0, 0, 0]);
    assert_eq!(data.len(), quirks::TGT_SESSION_LEN);
}

#[test]
fn tgt_bad_toc_format_is_not_ready_invalid_field() {
    let Some(img) = images() else { return };
    let Some((_t, mut p)) = common::tgt(&img.small) else {
        return;
    };

    let (full, _) = exec(&mut p, &[0x43, 2, 2, 0, 0, 0, 1, 0x0F, 0xFE, 0], 0xFFE);

    // quirks::TGT_BAD_FIELD_NOT_READY.
    assert_check(&full, (2, 0x24, 0));
}

#[test]
fn tgt_read_past_the_end_grows_the_capacity() {
    let Some(img) = images() else { return };
    let Some((t, mut p)) = common::tgt(&img.small) else {
        return;
    };
    let end = img.small_sectors();

    let (at_end, _) = exec(&mut p, &read10(end, 1), 2048);
    let (cap0, data0) = exec(&mut p, &READ_CAPACITY, 8);
    let (far, _) = exec(&mut p, &read10(0x0010_0000, 1), 2048);
    let (cap, data) = exec(&mut p, &READ_CAPACITY, 8);

    // quirks::TGT_READ_PAST_END.
    assert_check(&at_end, (3, 0x11, 0));
    assert_good(&cap0, 8);
    assert_eq!(data0[..4], end.to_be_bytes());
    assert_check(&far, (3, 0x11, 0));
    assert_good(&cap, 8);
    assert_eq!(data[..4], 0x0010_0000u32.to_be_bytes());
    assert_eq!(
        std::fs::read(t.backing_store()).expect("backing store"),
        img.small_bytes
    );
}

#[test]
fn tgt_read_cd_and_audio_are_invalid_opcodes() {
    let Some(img) = images() else { return };
    let Some((_t, mut p)) = common::tgt(&img.small) else {
        return;
    };

    let (read_cd, _) = exec(&mut p, &[0xBE, 0, 0, 0, 0, 16, 0, 0, 1, 0xF8, 0, 0], 2352);
    let (play, _) = exec(&mut p, &[0x47, 0, 0, 0, 2, 0, 0, 3, 0, 0], 0);
    let (gesn, _) = exec(&mut p, &[0x4A, 1, 0, 0, 0x10, 0, 0, 0, 8, 0], 8);

    assert_check(&read_cd, (5, 0x20, 0));
    assert_check(&play, (5, 0x20, 0));
    assert_check(&gesn, (5, 0x20, 0));
}

#[test]
fn tgt_daemon_ends_when_the_target_is_dropped() {
    let Some(img) = images() else { return };
    let Some((t, p)) = common::tgt(&img.small) else {
        return;
    };
    let proc_dir = std::path::PathBuf::from(format!("/proc/{}", t.pid()));
    assert!(proc_dir.exists());

    drop(p);
    drop(t);

    assert!(!proc_dir.exists());
}

#[test]
fn tgt_port_outliving_its_target_fails_without_hanging() {
    let Some(img) = images() else { return };
    let Some((t, mut p)) = common::tgt(&img.small) else {
        return;
    };

    drop(t);
    let (r, _) = exec(&mut p, &TUR, 0);
    drop(p);

    assert_eq!(r.srb_status, SrbStatus::SELECTION_TIMEOUT, "{r:?}");
}

#[test]
fn iscsi_refuses_a_portal_off_loopback() {
    let r = IscsiPort::connect("iscsi://192.0.2.1:3260/iqn.2024-01.test:cd/1");

    assert!(matches!(r, Err(PeerError::NotLoopback(_))), "{r:?}");
}
