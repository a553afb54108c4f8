//! READ CD (0xBE) and what the raw-read path needs around it: the fields of
//! the capabilities mode page (0x2A). READ CAPACITY(10) and the GET
//! CONFIGURATION feature walk live in [`crate::scsi::config`], MODE SENSE
//! and its page walker in [`crate::scsi::mode`].
//!
//! References: MMC-6 §6.19 READ CD (the "number of bytes returned" table),
//! §7.3 (page 0x2A, MMC-1's CD capabilities and mechanical status page).

use crate::abi::rawread::TrackModeType;
use crate::port::Cdb;
use crate::scsi::config::ConfigurationView;
use crate::scsi::mode::{ModeParameters10, ModeParameters6};
use crate::scsi::opcode;

/// Expected sector type values (READ CD byte 1, bits 4..2; unshifted).
pub mod sector_type {
    /// Any type: the drive returns whatever the sector is.
    pub const ANY: u8 = 0;
    /// CD-DA (audio).
    pub const CDDA: u8 = 1;
    /// Mode 1.
    pub const MODE1: u8 = 2;
    /// Mode 2 formless.
    pub const MODE2_FORMLESS: u8 = 3;
    /// Mode 2 Form 1.
    pub const MODE2_FORM1: u8 = 4;
    /// Mode 2 Form 2.
    pub const MODE2_FORM2: u8 = 5;
}

/// READ CD byte 9 bits.
pub mod select {
    /// SYNC field (12 bytes).
    pub const SYNC: u8 = 0x80;
    /// Header code 1: the 4-byte header only.
    pub const HEADER_ONLY: u8 = 0x20;
    /// Header code 2: the 8-byte Mode 2 sub-header only.
    pub const SUBHEADER_ONLY: u8 = 0x40;
    /// Header code 3: all headers.
    pub const ALL_HEADERS: u8 = 0x60;
    /// User data.
    pub const USER_DATA: u8 = 0x10;
    /// EDC and ECC.
    pub const EDC_ECC: u8 = 0x08;
    /// Error field 1: 294 bytes of C2 error bits.
    pub const C2_ERROR_BITS: u8 = 0x02;
    /// Error field 2: C2 error bits, the block error byte and a pad byte
    /// (296 bytes).
    pub const C2_AND_BLOCK_ERROR: u8 = 0x04;
}

/// READ CD byte 10, sub-channel selection.
pub mod subchannel {
    /// No sub-channel data.
    pub const NONE: u8 = 0;
    /// Raw P–W (96 bytes).
    pub const RAW_PW: u8 = 1;
    /// Formatted Q (16 bytes).
    pub const Q: u8 = 2;
    /// Corrected and de-interleaved R–W (96 bytes).
    pub const RW: u8 = 4;
}

/// Largest transfer length of one READ CD (24-bit field).
pub const MAX_SECTORS_PER_READ_CD: u32 = 0x00FF_FFFF;

/// What one raw-read mode asks READ CD for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ReadCdFormat {
    /// Expected sector type (a [`sector_type`] value).
    pub expected_sector_type: u8,
    /// Byte 9 (a combination of [`select`] bits).
    pub select: u8,
    /// Byte 10 (a [`subchannel`] value).
    pub subchannel: u8,
    /// Bytes per sector the caller receives.
    pub bytes_per_sector: u32,
}

/// The READ CD fields of a raw-read mode; `None` for an unknown mode.
///
/// Every mode's byte 9 is chosen so that a strict MMC drive returns exactly
/// the mode's documented size per sector (see [`mmc_bytes_returned`]):
/// - CDDA: 0xF0 like the sample. CD-DA sectors return 2352 bytes for any
///   selection that includes user data (MMC ignores sync and headers there).
/// - YellowMode2: 0xB0 like the sample: Mode 2 formless has no sub-header and
///   no EDC/ECC, so sync + header + 2336 bytes of user data = 2352.
/// - XAForm2: **0xF8**, where the sample sends 0xF0. A Mode 2 Form 2 sector
///   has 4 EDC bytes after its 2324 bytes of user data; without the EDC/ECC
///   bit a strict drive returns 2348 bytes per sector and every following
///   sector lands 4 bytes early in the caller's buffer (the same defect as
///   the spec's pitfall 6).
/// - The three C2/sub-channel modes: **0xF8** (+ error field 2 for C2), where
///   the sample sends 0xF0/0xF4 (pitfall 6: "the raw C2/subcode modes never
///   set the EDC/ECC bit"). With expected type "any" and no EDC/ECC a Mode 1
///   sector returns 2064 bytes and a Form 1 sector 2072, so the C2 block and
///   the sub-channel land inside the next sector's slot, or the transfer
///   under-runs. With 0xF8 every sector type returns its full 2352 bytes of
///   main channel, which is also what Linux sends.
///
/// The flag bytes only matter to QEMU's ATAPI drive, which accepts 0x10 and
/// 0xF8 in byte 9 (masked with 0xF8) and nothing else: there the raw modes
/// and XAForm2 are served (QEMU ignores the expected sector type), while
/// CDDA (0xF0) and YellowMode2 (0xB0) end in 5/24/00, which maps to the same
/// STATUS_INVALID_DEVICE_REQUEST a strict drive gives for those modes on the
/// Mode 1 sectors of an ISO image (5/64/00).
pub const fn format_for(mode: TrackModeType) -> Option<ReadCdFormat> {
    use select::{ALL_HEADERS, C2_AND_BLOCK_ERROR, EDC_ECC, HEADER_ONLY, SYNC, USER_DATA};
    let raw = SYNC | ALL_HEADERS | USER_DATA | EDC_ECC;
    let (expected_sector_type, select, subchannel) = match mode.0 {
        0 => (
            sector_type::MODE2_FORMLESS,
            SYNC | HEADER_ONLY | USER_DATA,
            subchannel::NONE,
        ),
        1 => (sector_type::MODE2_FORM2, raw, subchannel::NONE),
        2 => (
            sector_type::CDDA,
            SYNC | ALL_HEADERS | USER_DATA,
            subchannel::NONE,
        ),
        3 => (
            sector_type::ANY,
            raw | C2_AND_BLOCK_ERROR,
            subchannel::RAW_PW,
        ),
        4 => (sector_type::ANY, raw | C2_AND_BLOCK_ERROR, subchannel::NONE),
        5 => (sector_type::ANY, raw, subchannel::RAW_PW),
        _ => return None,
    };
    match mode.bytes_per_sector() {
        Some(bytes_per_sector) => Some(ReadCdFormat {
            expected_sector_type,
            select,
            subchannel,
            bytes_per_sector,
        }),
        None => None,
    }
}

/// The 12-byte READ CD CDB; `None` when `count` does not fit the 24-bit
/// transfer-length field.
pub fn read_cd(lba: u32, count: u32, f: &ReadCdFormat) -> Option<Cdb> {
    if count > MAX_SECTORS_PER_READ_CD {
        return None;
    }
    let [l0, l1, l2, l3] = lba.to_be_bytes();
    let [_, c0, c1, c2] = count.to_be_bytes();
    Some(Cdb::twelve([
        opcode::READ_CD,
        (f.expected_sector_type & 0x07) << 2,
        l0,
        l1,
        l2,
        l3,
        c0,
        c1,
        c2,
        f.select,
        f.subchannel & 0x07,
        0,
    ]))
}

/// Bytes a strict MMC drive returns for one sector of type `actual` (a
/// [`sector_type`] value other than ANY) with READ CD byte 9 `select` and
/// byte 10 `sub`: the MMC "number of bytes returned" table as field sizes.
///
/// Field sizes per sector type (sync, header, sub-header, user data,
/// EDC/ECC): Mode 1 12/4/0/2048/288, Mode 2 formless 12/4/0/2336/0, Form 1
/// 12/4/8/2048/280, Form 2 12/4/8/2324/4. A CD-DA sector returns 2352 bytes
/// whenever user data is selected and nothing else of the main channel.
/// Then the error field (294 or 296 bytes) and the sub-channel (96 raw or
/// R–W, 16 for Q).
pub const fn mmc_bytes_returned(actual: u8, select: u8, sub: u8) -> u32 {
    let (sync, header, subheader, user, edc) = match actual {
        sector_type::CDDA => (0, 0, 0, 2352, 0),
        sector_type::MODE1 => (12, 4, 0, 2048, 288),
        sector_type::MODE2_FORMLESS => (12, 4, 0, 2336, 0),
        sector_type::MODE2_FORM1 => (12, 4, 8, 2048, 280),
        _ => (12, 4, 8, 2324, 4),
    };
    let mut n = 0;
    if select & select::SYNC != 0 {
        n += sync;
    }
    let headers = select & select::ALL_HEADERS;
    if headers == select::HEADER_ONLY || headers == select::ALL_HEADERS {
        n += header;
    }
    if headers == select::SUBHEADER_ONLY || headers == select::ALL_HEADERS {
        n += subheader;
    }
    if select & select::USER_DATA != 0 {
        n += user;
    }
    if select & select::EDC_ECC != 0 {
        n += edc;
    }
    n += match select & 0x06 {
        select::C2_ERROR_BITS => 294,
        select::C2_AND_BLOCK_ERROR => 296,
        _ => 0,
    };
    n + match sub & 0x07 {
        subchannel::RAW_PW | subchannel::RW => 96,
        subchannel::Q => 16,
        _ => 0,
    }
}

// The GET CONFIGURATION items the capability probe reads live in
// `scsi::config`; they stay reachable under the names they had here.
pub use super::config::{cd_read_c2, feature, rt_streaming_write};

/// A GET CONFIGURATION view over the bytes received
/// ([`ConfigurationView::new`]).
pub type Configuration<'a> = ConfigurationView<&'a [u8]>;

/// GET CONFIGURATION request types as the bits of CDB byte 1 (the CDB
/// builder, [`crate::scsi::config::get_configuration`], takes
/// [`RequestType`](crate::abi::config::RequestType); these are its values).
pub mod rt {
    use crate::abi::config::RequestType;

    /// Every feature the drive supports, from the starting feature on.
    pub const ALL: u8 = RequestType::ALL.0 as u8;
    /// Only current features.
    pub const CURRENT: u8 = RequestType::CURRENT.0 as u8;
    /// Exactly the starting feature.
    pub const ONE: u8 = RequestType::ONE.0 as u8;
}

/// The MMC capabilities and mechanical status page.
pub const CAPABILITIES_PAGE: u8 = 0x2A;

/// Mode page `page` in the first `received` bytes of MODE SENSE(10) data
/// in `buf`, the way the probe reads page 0x2A: the first page after the
/// block descriptors, cut to the data
/// ([`ModeParameters::first_page_prefix`](crate::scsi::mode::ModeParameters::first_page_prefix)).
/// The walker honours the whole 16-bit block-descriptor length and the
/// 2-byte page header (pitfall 11).
pub fn mode_page10(buf: &[u8], received: usize, page: u8) -> Option<&[u8]> {
    ModeParameters10::new_checked(buf.get(..received).unwrap_or(buf))?.first_page_prefix(page)
}

/// [`mode_page10`] for MODE SENSE(6) data (4-byte header).
pub fn mode_page6(buf: &[u8], received: usize, page: u8) -> Option<&[u8]> {
    ModeParameters6::new_checked(buf.get(..received).unwrap_or(buf))?.first_page_prefix(page)
}

/// Page 0x2A byte 5 bit 4: C2 Pointers Supported.
pub fn page_2a_c2_pointers(page: &[u8]) -> bool {
    page.get(5).is_some_and(|b| b & 0x10 != 0)
}

/// Page 0x2A byte 5 bit 2: R-W Supported (raw sub-channel from READ CD).
pub fn page_2a_rw_supported(page: &[u8]) -> bool {
    page.get(5).is_some_and(|b| b & 0x04 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cdb(mode: TrackModeType, lba: u32, count: u32) -> Vec<u8> {
        let f = format_for(mode).expect("known mode");
        read_cd(lba, count, &f)
            .expect("count fits")
            .as_bytes()
            .to_vec()
    }

    #[test]
    fn cdda_at_lba_16_for_10_sectors_matches_the_spec_example() {
        assert_eq!(
            cdb(TrackModeType::CDDA, 16, 10),
            [0xBE, 0x04, 0, 0, 0, 0x10, 0, 0, 0x0A, 0xF0, 0, 0]
        );
    }

    #[test]
    fn yellow_mode2_reads_formless_sectors_with_the_header() {
        assert_eq!(
            cdb(TrackModeType::YELLOW_MODE2, 0x0102_0304, 1),
            [0xBE, 0x0C, 1, 2, 3, 4, 0, 0, 1, 0xB0, 0, 0]
        );
    }

    #[test]
    fn xa_form2_sets_edc_so_each_sector_is_2352_bytes() {
        assert_eq!(
            cdb(TrackModeType::XA_FORM2, 1, 2),
            [0xBE, 0x14, 0, 0, 0, 1, 0, 0, 2, 0xF8, 0, 0]
        );
    }

    #[test]
    fn raw_with_c2_and_subcode_sets_edc_c2_and_raw_pw() {
        assert_eq!(
            cdb(TrackModeType::RAW_WITH_C2_AND_SUB_CODE, 0, 0x0001_0203),
            [0xBE, 0x00, 0, 0, 0, 0, 1, 2, 3, 0xFC, 0x01, 0]
        );
    }

    #[test]
    fn raw_with_c2_sets_edc_and_c2() {
        assert_eq!(
            cdb(TrackModeType::RAW_WITH_C2, 5, 3),
            [0xBE, 0x00, 0, 0, 0, 5, 0, 0, 3, 0xFC, 0x00, 0]
        );
    }

    #[test]
    fn raw_with_subcode_sets_edc_and_raw_pw() {
        assert_eq!(
            cdb(TrackModeType::RAW_WITH_SUB_CODE, 5, 3),
            [0xBE, 0x00, 0, 0, 0, 5, 0, 0, 3, 0xF8, 0x01, 0]
        );
    }

    #[test]
    fn count_beyond_24_bits_is_refused() {
        let f = format_for(TrackModeType::CDDA).expect("known");
        assert!(read_cd(0, 0x0100_0000, &f).is_none());
        assert!(read_cd(0, 0x00FF_FFFF, &f).is_some());
    }

    #[test]
    fn unknown_mode_has_no_format() {
        assert_eq!(format_for(TrackModeType(6)), None);
    }

    /// Every mode, on every sector type it can be asked to read, returns
    /// exactly the documented per-sector size under MMC's table.
    #[test]
    fn every_mode_returns_its_documented_size_on_a_strict_drive() {
        use sector_type::*;
        for mode in TrackModeType::ALL {
            let f = format_for(mode).expect("known");
            let actual: &[u8] = if f.expected_sector_type == ANY {
                &[CDDA, MODE1, MODE2_FORMLESS, MODE2_FORM1, MODE2_FORM2]
            } else {
                core::slice::from_ref(&f.expected_sector_type)
            };
            for &t in actual {
                assert_eq!(
                    mmc_bytes_returned(t, f.select, f.subchannel),
                    f.bytes_per_sector,
                    "{:?} on sector type {t}",
                    mode.name()
                );
            }
        }
    }

    /// Pitfall 6: the sample's raw flags (no EDC/ECC) on data sectors give
    /// short main channels, so its C2/sub-channel layout is misaligned.
    #[test]
    fn the_samples_raw_flags_misalign_data_sectors() {
        assert_eq!(mmc_bytes_returned(sector_type::MODE1, 0xF0, 0), 2064);
        assert_eq!(mmc_bytes_returned(sector_type::MODE2_FORM1, 0xF0, 0), 2072);
        assert_eq!(
            mmc_bytes_returned(sector_type::MODE1, 0xF4, 1),
            2064 + 296 + 96
        );
        assert_eq!(mmc_bytes_returned(sector_type::MODE2_FORM2, 0xF0, 0), 2348);
        assert_eq!(mmc_bytes_returned(sector_type::CDDA, 0xF4, 1), 2744);
    }

    #[test]
    fn page_2a_found_after_a_16_bit_block_descriptor_length() {
        let mut buf = [0u8; 40];
        buf[..8].copy_from_slice(&[0, 38, 0, 0, 0, 0, 0x00, 0x08]);
        buf[16..22].copy_from_slice(&[0x2A, 0x14, 0, 0, 0, 0x14]);
        let page = mode_page10(&buf, 40, 0x2A).expect("page");
        assert_eq!(page.len(), 22);
        assert!(page_2a_c2_pointers(page) && page_2a_rw_supported(page));
    }

    #[test]
    fn page_2a_clipped_by_the_mode_data_length() {
        let mut buf = [0u8; 30];
        buf[..8].copy_from_slice(&[0, 10, 0, 0, 0, 0, 0, 0]);
        buf[8..14].copy_from_slice(&[0x2A, 0x14, 0, 0, 0, 0x14]);
        // Only bytes 8..12 are valid: byte 5 of the page is not.
        let page = mode_page10(&buf, 30, 0x2A).expect("page");
        assert!(!page_2a_c2_pointers(page));
    }

    #[test]
    fn page6_found_after_its_block_descriptor() {
        let mut buf = [0u8; 24];
        buf[..4].copy_from_slice(&[23, 0, 0, 8]);
        buf[12..18].copy_from_slice(&[0x2A, 0x0A, 0, 0, 0, 0x10]);
        let page = mode_page6(&buf, 24, 0x2A).expect("page");
        assert!(page_2a_c2_pointers(page) && !page_2a_rw_supported(page));
    }

    #[test]
    fn wrong_page_code_is_not_returned() {
        let mut buf = [0u8; 16];
        buf[..8].copy_from_slice(&[0, 14, 0, 0, 0, 0, 0, 0]);
        buf[8..10].copy_from_slice(&[0x0E, 0x06]);
        assert!(mode_page10(&buf, 16, 0x2A).is_none());
    }
}
