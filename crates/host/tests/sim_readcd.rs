//! READ CD: the per-sector sizes of MMC's table for every flag combination
//! and sector type, the C2 and sub-channel blocks, expected sector types,
//! capabilities, C2 error injection and READ CD MSF.

mod sim_support;

use cdfilter_core::port::SrbStatus;
use cdfilter_host::disc::SectorKind;
use cdfilter_host::sim::SimConfig;
use sim_support::*;

/// Illegal combination.
const X: Option<usize> = None;

/// MMC "Number of Bytes Returned Based on Data Selection Field": CDB byte
/// 9 bits 7..3 (sync, header codes, user data, EDC/ECC) against CD-DA,
/// Mode 1, Mode 2 formless, Mode 2 Form 1, Mode 2 Form 2.
#[rustfmt::skip]
const MMC_TABLE: [(u8, [Option<usize>; 5]); 32] = [
    (0x00, [Some(0),    Some(0),    Some(0),    Some(0),    Some(0)]),
    (0x08, [Some(2352), X,          X,          X,          X]),
    (0x10, [Some(2352), Some(2048), Some(2336), Some(2048), Some(2328)]),
    (0x18, [Some(2352), Some(2336), Some(2336), Some(2328), Some(2328)]),
    (0x20, [Some(2352), Some(4),    Some(4),    Some(4),    Some(4)]),
    (0x28, [Some(2352), X,          X,          X,          X]),
    (0x30, [Some(2352), Some(2052), Some(2340), X,          X]),
    (0x38, [Some(2352), Some(2340), Some(2340), X,          X]),
    (0x40, [Some(2352), Some(0),    Some(0),    Some(8),    Some(8)]),
    (0x48, [Some(2352), X,          X,          X,          X]),
    (0x50, [Some(2352), Some(2048), Some(2336), Some(2056), Some(2336)]),
    (0x58, [Some(2352), Some(2336), Some(2336), Some(2336), Some(2336)]),
    (0x60, [Some(2352), Some(4),    Some(4),    Some(12),   Some(12)]),
    (0x68, [Some(2352), X,          X,          X,          X]),
    (0x70, [Some(2352), Some(2052), Some(2340), Some(2060), Some(2340)]),
    (0x78, [Some(2352), Some(2340), Some(2340), Some(2340), Some(2340)]),
    (0x80, [Some(2352), X,          X,          X,          X]),
    (0x88, [Some(2352), X,          X,          X,          X]),
    (0x90, [Some(2352), X,          X,          X,          X]),
    (0x98, [Some(2352), X,          X,          X,          X]),
    (0xA0, [Some(2352), Some(16),   Some(16),   Some(16),   Some(16)]),
    (0xA8, [Some(2352), X,          X,          X,          X]),
    (0xB0, [Some(2352), Some(2064), Some(2352), X,          X]),
    (0xB8, [Some(2352), Some(2352), Some(2352), X,          X]),
    (0xC0, [Some(2352), X,          X,          X,          X]),
    (0xC8, [Some(2352), X,          X,          X,          X]),
    (0xD0, [Some(2352), X,          X,          X,          X]),
    (0xD8, [Some(2352), X,          X,          X,          X]),
    (0xE0, [Some(2352), Some(16),   Some(16),   Some(24),   Some(24)]),
    (0xE8, [Some(2352), X,          X,          X,          X]),
    (0xF0, [Some(2352), Some(2064), Some(2352), Some(2072), Some(2352)]),
    (0xF8, [Some(2352), Some(2352), Some(2352), Some(2352), Some(2352)]),
];

/// READ CD of `count` sectors from `lba`.
/// What one sector of `every_kind()` at `lba` returns: its size, or the
/// sense of the failure.
fn one_sector(lba: u32, b9: u8) -> Result<usize, (u8, u8, u8)> {
    let mut d = drive(every_kind());
    let (r, _) = data_in(&mut d, &read_cd(lba, 1, 0, b9, 0), 2352);
    if r.srb_status == SrbStatus::ERROR {
        Err(sense(&r))
    } else {
        Ok(r.transferred as usize)
    }
}

#[test]
fn main_channel_sizes_follow_mmc_table_for_every_flag_and_sector_type() {
    // One LBA of each kind: audio 5, Mode 1 15, formless 25, Form 1 35,
    // Form 2 45.
    let lbas = [5, 15, 25, 35, 45];

    let mut mismatches = Vec::new();
    for (flags, row) in MMC_TABLE {
        for (lba, expected) in lbas.iter().zip(row) {
            let got = one_sector(*lba, flags);
            let want = expected.ok_or((5, 0x24, 0));
            if got != want {
                mismatches.push((flags, lba, got, want));
            }
        }
    }

    assert_eq!(mismatches, []);
}

#[test]
fn mode1_user_data_is_the_sector_payload() {
    let mut d = drive(every_kind());

    let data = answer(&mut d, &read_cd(15, 1, 2, 0x10, 0), 2048);

    assert_eq!(data[..4], [15, 16, 17, 18]);
}

#[test]
fn full_raw_mode1_sector_starts_with_sync_and_header() {
    let mut d = drive(every_kind());

    let data = answer(&mut d, &read_cd(15, 1, 0, 0xF8, 0), 2352);

    assert_eq!(
        data[..16],
        [
            0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0x00, 0x02, 0x15,
            0x01
        ]
    );
    assert_eq!(data[2064..2068], [EDC_FILL; 4]);
}

#[test]
fn form1_subheader_and_user_data_are_contiguous() {
    let mut d = drive(every_kind());

    let data = answer(&mut d, &read_cd(35, 1, 4, 0x50, 0), 2056);

    assert_eq!(data[..10], [0, 0, 0x08, 0, 0, 0, 0x08, 0, 35, 36]);
}

#[test]
fn raw_read_modes_of_the_windows_driver_have_their_sector_sizes() {
    // (expected type, byte 9, byte 10, LBA) → bytes per sector, spec
    // rawread §2.4: CDDA, YellowMode2, XAForm2, RawWithC2AndSubCode,
    // RawWithC2, RawWithSubCode.
    let cases = [
        (1, 0xF0, 0x00, 5, 2352),
        (3, 0xB0, 0x00, 25, 2352),
        (5, 0xF0, 0x00, 45, 2352),
        (0, 0xF4, 0x01, 5, 2744),
        (0, 0xF4, 0x00, 5, 2648),
        (0, 0xF0, 0x01, 5, 2448),
    ];

    let sizes: Vec<u32> = cases
        .iter()
        .map(|&(t, b9, b10, lba, _)| {
            let mut d = drive(every_kind());
            data_in(&mut d, &read_cd(lba, 1, t, b9, b10), 2744)
                .0
                .transferred
        })
        .collect();

    let expected: Vec<u32> = cases.iter().map(|c| c.4).collect();
    assert_eq!(sizes, expected);
}

#[test]
fn windows_cdda_example_cdb_reads_ten_audio_sectors() {
    // spec rawread §2.4: CDDA at DiskOffset 16×2048, 10 sectors.
    let mut d = drive(disc(
        vec![track(1, 1, SectorKind::Audio, 0, 0, 300)],
        300,
        Synth::default(),
    ));
    let cdb = [0xBE, 0x04, 0, 0, 0, 0x10, 0, 0, 0x0A, 0xF0, 0, 0];

    let (r, buf) = data_in(&mut d, &cdb, 23520);

    assert_eq!((r.srb_status, r.transferred), (SrbStatus::SUCCESS, 23520));
    assert_eq!(buf[..2], [16, 17]);
    assert_eq!(buf[2352..2354], [17, 18]);
}

#[test]
fn c2_field_and_subchannel_selection_sizes() {
    // (byte 9 error field, byte 10 selection) → bytes added to 2352.
    let cases = [
        (0x00, 0x00, 0),
        (0x02, 0x00, 294),
        (0x04, 0x00, 296),
        (0x00, 0x01, 96),
        (0x00, 0x02, 16),
        (0x00, 0x04, 96),
        (0x02, 0x02, 310),
        (0x04, 0x04, 392),
    ];

    let extra: Vec<u32> = cases
        .iter()
        .map(|&(c2, sub, _)| {
            let mut d = drive(every_kind());
            data_in(&mut d, &read_cd(5, 1, 1, 0x10 | c2, sub), 3000)
                .0
                .transferred
                - 2352
        })
        .collect();

    let expected: Vec<u32> = cases.iter().map(|c| c.2).collect();
    assert_eq!(extra, expected);
}

#[test]
fn subchannel_only_read_returns_96_bytes_per_sector() {
    let mut d = drive(every_kind());

    let (r, _) = data_in(&mut d, &read_cd(0, 3, 0, 0x00, 0x01), 288);

    assert_eq!((r.srb_status, r.transferred), (SrbStatus::SUCCESS, 288));
}

#[test]
fn reserved_field_values_are_invalid_fields() {
    let cdbs = [
        read_cd(5, 1, 6, 0x10, 0),    // sector type 6
        read_cd(5, 1, 7, 0x10, 0),    // sector type 7
        read_cd(5, 1, 0, 0x16, 0),    // error field 3
        read_cd(5, 1, 0, 0x10, 0x03), // sub-channel 011
        read_cd(5, 1, 0, 0x10, 0x05), // sub-channel 101
        read_cd(5, 1, 0, 0x10, 0x07), // sub-channel 111
    ];

    let senses: Vec<_> = cdbs
        .iter()
        .map(|cdb| {
            let mut d = drive(every_kind());
            sense(&data_in(&mut d, cdb, 3000).0)
        })
        .collect();

    assert_eq!(senses, [(5, 0x24, 0); 6]);
}

#[test]
fn expected_sector_type_mismatch_is_illegal_mode_for_this_track() {
    // (expected type, LBA of another kind).
    let cases = [(1, 15), (2, 5), (2, 25), (3, 15), (4, 45), (5, 35), (4, 15)];

    let senses: Vec<_> = cases
        .iter()
        .map(|&(t, lba)| {
            let mut d = drive(every_kind());
            sense(&data_in(&mut d, &read_cd(lba, 1, t, 0x10, 0), 2352).0)
        })
        .collect();

    assert_eq!(senses, [(5, 0x64, 0); 7]);
}

#[test]
fn xa_form_is_taken_from_each_sector_subheader() {
    let mut d = drive(disc(
        vec![track(1, 1, SectorKind::Mode2Form1, 0, 0, 10)],
        10,
        Synth { odd_form2: true },
    ));

    let even = data_in(&mut d, &read_cd(2, 1, 4, 0x10, 0), 2352).0;
    let odd = data_in(&mut d, &read_cd(3, 1, 4, 0x10, 0), 2352).0;
    let odd_form2 = data_in(&mut d, &read_cd(3, 1, 5, 0x10, 0), 2352).0;

    assert_eq!(even.transferred, 2048);
    assert_eq!(sense(&odd), (5, 0x64, 0));
    assert_eq!(odd_form2.transferred, 2328);
}

#[test]
fn mixed_sector_types_with_type_any_concatenate_per_sector_sizes() {
    let mut d = drive(every_kind());

    let (r, _) = data_in(&mut d, &read_cd(8, 4, 0, 0x10, 0), 2 * 2352 + 2 * 2048);

    assert_eq!(
        (r.srb_status, r.transferred),
        (SrbStatus::SUCCESS, 2 * 2352 + 2 * 2048)
    );
}

#[test]
fn c2_request_without_c2_capability_is_invalid_field() {
    let config = SimConfig {
        c2_pointers: false,
        ..SimConfig::default()
    };
    let mut d = drive_with(config, every_kind());

    let r = data_in(&mut d, &read_cd(5, 1, 0, 0xF4, 0), 2648).0;

    assert_eq!(sense(&r), (5, 0x24, 0));
}

#[test]
fn subchannel_request_without_subcode_capability_is_invalid_field() {
    let config = SimConfig {
        subchannel: false,
        ..SimConfig::default()
    };
    let mut d = drive_with(config, every_kind());

    let r = data_in(&mut d, &read_cd(5, 1, 0, 0xF0, 0x01), 2448).0;

    assert_eq!(sense(&r), (5, 0x24, 0));
}

#[test]
fn injected_c2_errors_set_the_pointers_and_the_block_error_byte() {
    let config = SimConfig {
        c2_error_lbas: [3].into(),
        ..SimConfig::default()
    };
    let mut d = drive_with(config, every_kind());

    let data = answer(&mut d, &read_cd(2, 3, 1, 0xF4, 0), 3 * 2648);

    let c2 = |i: usize| &data[i * 2648 + 2352..(i + 1) * 2648];
    assert_eq!(c2(0), [0u8; 296]);
    assert_eq!(c2(1)[..294], [0xFFu8; 294]);
    assert_eq!(c2(1)[294..], [0xFF, 0x00]);
    assert_eq!(c2(2), [0u8; 296]);
    assert_eq!(data[2648..2650], [3, 4]);
}

#[test]
fn injected_c2_errors_with_pointers_only() {
    let config = SimConfig {
        c2_error_lbas: [3].into(),
        ..SimConfig::default()
    };
    let mut d = drive_with(config, every_kind());

    let data = answer(&mut d, &read_cd(3, 1, 1, 0xF2, 0), 2646);

    assert_eq!(data.len(), 2646);
    assert_eq!(data[2352..], [0xFFu8; 294]);
}

#[test]
fn read_past_the_end_is_lba_out_of_range() {
    let mut d = drive(every_kind());

    let r = data_in(&mut d, &read_cd(49, 2, 0, 0x10, 0), 4704).0;

    assert_eq!(sense(&r), (5, 0x21, 0));
}

#[test]
fn negative_lba_is_lba_out_of_range() {
    let mut d = drive(every_kind());

    let r = data_in(&mut d, &read_cd(0xFFFF_FF6A, 1, 0, 0x10, 0), 2352).0;

    assert_eq!(sense(&r), (5, 0x21, 0));
}

#[test]
fn zero_sectors_transfer_nothing() {
    let mut d = drive(every_kind());

    let r = no_data(&mut d, &read_cd(5, 0, 0, 0xF8, 0));

    assert_eq!((r.srb_status, r.transferred), (SrbStatus::SUCCESS, 0));
}

#[test]
fn buffer_shorter_than_the_answer_stops_at_its_end() {
    let mut d = drive(every_kind());

    let (r, buf) = data_in(&mut d, &read_cd(0, 2, 1, 0xF8, 0), 3000);

    assert_eq!(
        (r.srb_status, r.transferred),
        (SrbStatus::DATA_OVERRUN, 3000)
    );
    assert_eq!(buf[2352..2354], [1, 2]);
}

#[test]
fn read_cd_msf_reads_from_start_up_to_the_end_address() {
    let mut d = drive(iso(100));

    let (r, buf) = data_in(&mut d, &[0xB9, 0, 0, 0, 2, 10, 0, 2, 12, 0x10, 0, 0], 4096);

    assert_eq!((r.srb_status, r.transferred), (SrbStatus::SUCCESS, 4096));
    assert_eq!(buf[..2], [10, 11]);
    assert_eq!(buf[2048..2050], [11, 12]);
}

#[test]
fn read_cd_without_medium_is_not_ready() {
    let mut d = empty();

    let r = data_in(&mut d, &read_cd(0, 1, 0, 0x10, 0), 2352).0;

    assert_eq!(sense(&r), (2, 0x3A, 0));
}

#[test]
fn windows_raw_c2_mode_on_a_mode1_sector_returns_2064_plus_296() {
    // spec rawread pitfall 6: type "any" with byte 9 = 0xF4 (no EDC/ECC
    // bit) on a Mode 1 sector gives 2064 bytes of main channel, so the
    // sector is 2360 bytes, not the 2648 the Windows sample expects.
    let mut d = drive(every_kind());

    let (r, _) = data_in(&mut d, &read_cd(15, 1, 0, 0xF4, 0), 2648);

    assert_eq!(
        (r.srb_status, r.transferred),
        (SrbStatus::DATA_OVERRUN, 2360)
    );
}

#[test]
fn yellow_mode2_request_on_an_xa_form1_sector_is_illegal_mode() {
    let mut d = drive(every_kind());

    let (r, _) = data_in(&mut d, &read_cd(35, 1, 3, 0xB0, 0), 2352);

    assert_eq!(sense(&r), (5, 0x64, 0));
}
