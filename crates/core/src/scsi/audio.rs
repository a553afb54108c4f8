//! CD audio commands (MMC-6 §6): CDB builders, the READ SUB-CHANNEL answer
//! view, and the CD Audio Control mode page 0x0E (`AUDIO_OUTPUT` in
//! `scsi.h`), found through the exact-bounds walker of [`super::mode`].

use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

pub use super::mode::{ModeParameters10, MODE_HEADER10_LEN};
use super::opcode;
use crate::abi::audio::{AudioStatus, SubQFormat, SubQHeader};
use crate::port::Cdb;

/// The MMC "current pick-up position" start address of PLAY AUDIO MSF
/// (`FF FF FF`).
pub const MSF_CURRENT_POSITION: [u8; 3] = [0xFF; 3];

/// PLAY AUDIO MSF (0x47): `47 00 00 SM SS SF EM ES EF 00`, no data.
pub const fn play_audio_msf(start: [u8; 3], end: [u8; 3]) -> Cdb {
    let [sm, ss, sf] = start;
    let [em, es, ef] = end;
    Cdb::ten([opcode::PLAY_AUDIO_MSF, 0, 0, sm, ss, sf, em, es, ef, 0])
}

/// SEEK(10) (0x2B): LBA big-endian in bytes 2–5, every other byte 0.
pub const fn seek10(lba: u32) -> Cdb {
    let [a, b, c, d] = lba.to_be_bytes();
    Cdb::ten([opcode::SEEK10, 0, a, b, c, d, 0, 0, 0, 0])
}

/// PAUSE/RESUME (0x4B): byte 8 bit 0 is Resume.
pub const fn pause_resume(resume: bool) -> Cdb {
    Cdb::ten([opcode::PAUSE_RESUME, 0, 0, 0, 0, 0, 0, 0, resume as u8, 0])
}

/// START STOP UNIT (0x1B) with IMMED, Start = 0, LoEj = 0:
/// `1B 01 00 00 00 00` (what IOCTL_CDROM_STOP_AUDIO sends).
pub const fn stop_unit_immediate() -> Cdb {
    Cdb::six([opcode::START_STOP_UNIT, 0x01, 0, 0, 0, 0])
}

/// STOP PLAY/SCAN (0x4E).
pub const fn stop_play_scan() -> Cdb {
    Cdb::ten([opcode::STOP_PLAY_SCAN, 0, 0, 0, 0, 0, 0, 0, 0, 0])
}

/// READ SUB-CHANNEL (0x42) with every field: MSF (byte 1 bit 1), SubQ
/// (byte 2 bit 6), format (byte 3), track (byte 6), allocation length
/// (bytes 7–8).
pub const fn read_sub_channel(msf: bool, subq: bool, format: u8, track: u8, alloc: u16) -> Cdb {
    let [hi, lo] = alloc.to_be_bytes();
    Cdb::ten([
        opcode::READ_SUB_CHANNEL,
        (msf as u8) << 1,
        (subq as u8) << 6,
        format,
        0,
        0,
        track,
        hi,
        lo,
        0,
    ])
}

/// READ SUB-CHANNEL as IOCTL_CDROM_READ_Q_CHANNEL sends it: SubQ set, MSF
/// only for the current position, the track only for the ISRC, allocation
/// = the answer structure's size. `None` for a format without an answer
/// structure.
///
/// `42 02 40 01 00 00 00 00 10 00`, `42 00 40 02 00 00 00 00 18 00`,
/// `42 00 40 03 00 00 TT 00 18 00`.
pub const fn read_q_channel(format: SubQFormat, track: u8) -> Option<Cdb> {
    let Some(len) = format.answer_len() else {
        return None;
    };
    let msf = matches!(format, SubQFormat::CURRENT_POSITION);
    let track = if matches!(format, SubQFormat::TRACK_ISRC) {
        track
    } else {
        0
    };
    Some(read_sub_channel(msf, true, format.0, track, len as u16))
}

/// A checked view of a READ SUB-CHANNEL answer: at least the 4-byte header.
#[derive(Clone, Copy, Debug)]
pub struct SubChannelAnswer<'a> {
    header: SubQHeader,
    data: &'a [u8],
}

impl<'a> SubChannelAnswer<'a> {
    /// The view; `None` when fewer than 4 bytes arrived.
    pub fn new_checked(data: &'a [u8]) -> Option<Self> {
        let (header, _) = SubQHeader::read_from_prefix(data).ok()?;
        Some(Self { header, data })
    }

    /// The header.
    pub const fn header(&self) -> SubQHeader {
        self.header
    }

    /// The audio status.
    pub const fn status(&self) -> AudioStatus {
        self.header.status()
    }

    /// The whole answer as received.
    pub const fn bytes(&self) -> &'a [u8] {
        self.data
    }
}

/// The page code of the CD Audio Control mode page.
pub const AUDIO_CONTROL_PAGE: u8 = 0x0E;
/// Bytes of the audio control page including its 2-byte header.
pub const AUDIO_PAGE_LEN: usize = 16;
/// Allocation length of the volume IOCTLs' MODE SENSE(10).
pub const VOLUME_SENSE_ALLOC: u16 = 64;
/// MODE SELECT(10) parameter list of SET_VOLUME: header + page.
pub const VOLUME_SELECT_LEN: usize = MODE_HEADER10_LEN + AUDIO_PAGE_LEN;

/// `PORT_OUTPUT`: one output port of the audio control page.
#[repr(C)]
#[derive(
    Clone,
    Copy,
    PartialEq,
    Eq,
    Debug,
    Default,
    FromBytes,
    IntoBytes,
    Immutable,
    KnownLayout,
    Unaligned,
)]
pub struct PortOutput {
    /// Channel selection: bit 0 routes channel 0 (left), bit 1 channel 1.
    pub channel_selection: u8,
    /// Volume, 0x00 mute … 0xFF maximum.
    pub volume: u8,
}

/// `AUDIO_OUTPUT` (`scsi.h`): the CD Audio Control mode page 0x0E.
#[repr(C)]
#[derive(
    Clone,
    Copy,
    PartialEq,
    Eq,
    Debug,
    Default,
    FromBytes,
    IntoBytes,
    Immutable,
    KnownLayout,
    Unaligned,
)]
pub struct AudioOutput {
    /// PS (bit 7), SPF (bit 6), page code (bits 5..0) = 0x0E.
    pub code_page: u8,
    /// Page length = 14.
    pub parameter_length: u8,
    /// IMMED (bit 2), SOTC (bit 1).
    pub immediate: u8,
    /// Reserved.
    pub reserved: [u8; 2],
    /// Obsolete (LBA format).
    pub lba_format: u8,
    /// Obsolete (logical blocks per second of audio play), big-endian.
    pub logical_blocks_per_second: [u8; 2],
    /// Output ports 0..3.
    pub port_output: [PortOutput; 4],
}
const _: () = assert!(size_of::<AudioOutput>() == AUDIO_PAGE_LEN);

impl AudioOutput {
    /// IMMED bit of byte 2.
    pub const IMMED: u8 = 0x04;
    /// SOTC bit of byte 2.
    pub const SOTC: u8 = 0x02;

    /// The page from a mode page slice: page code 0x0E, PageLength ≥ 14 and
    /// all 16 bytes present; `None` otherwise.
    pub fn from_page(page: &[u8]) -> Option<Self> {
        let (p, _) = Self::read_from_prefix(page).ok()?;
        let ok = p.code_page & 0x3F == AUDIO_CONTROL_PAGE
            && usize::from(p.parameter_length) + 2 >= AUDIO_PAGE_LEN;
        ok.then_some(p)
    }

    /// The audio control page inside MODE SENSE(10) data (`received` = the
    /// bytes the drive returned); `None` if absent or shorter than 16 bytes.
    pub fn from_mode_sense10(received: &[u8]) -> Option<Self> {
        let params = ModeParameters10::new_checked(received)?;
        Self::from_page(params.find_page(AUDIO_CONTROL_PAGE)?)
    }

    /// Volumes of ports 0..3 (page bytes 9, 11, 13, 15).
    pub fn volumes(&self) -> [u8; 4] {
        self.port_output.map(|p| p.volume)
    }

    /// A changeable mask that claims every volume byte changeable: used
    /// when a drive cannot report its mask (MODE SENSE PC = 1 refused).
    pub const fn volumes_changeable() -> Self {
        let port = PortOutput {
            channel_selection: 0,
            volume: 0xFF,
        };
        Self {
            code_page: AUDIO_CONTROL_PAGE,
            parameter_length: (AUDIO_PAGE_LEN - 2) as u8,
            immediate: 0,
            reserved: [0; 2],
            lba_format: 0,
            logical_blocks_per_second: [0; 2],
            port_output: [port; 4],
        }
    }
}

/// The MODE SELECT(10) parameter list of SET_VOLUME.
///
/// Unlike the class driver (pitfall 10), the 8-byte header is zeroed (Mode
/// Data Length is reserved for MODE SELECT, and no block descriptor
/// follows), the page is the sensed page's own bytes (the caller read it
/// with DBD = 1, so bytes 3–7 are page bytes, never descriptor bytes), and
/// each new volume is ANDed with the drive's changeable mask. The page
/// header is 0x0E / 0x0E with PS clear; byte 2 is IMMED with SOTC clear;
/// each port keeps its sensed channel selection.
pub fn volume_select_list(
    current: &AudioOutput,
    changeable: &AudioOutput,
    volume: [u8; 4],
) -> [u8; VOLUME_SELECT_LEN] {
    let mut page = *current;
    page.code_page = AUDIO_CONTROL_PAGE;
    page.parameter_length = (AUDIO_PAGE_LEN - 2) as u8;
    page.immediate = AudioOutput::IMMED;
    for ((port, mask), v) in page
        .port_output
        .iter_mut()
        .zip(changeable.port_output)
        .zip(volume)
    {
        port.volume = v & mask.volume;
    }
    let mut list = [0u8; VOLUME_SELECT_LEN];
    if let Some(dst) = list.get_mut(MODE_HEADER10_LEN..) {
        dst.copy_from_slice(page.as_bytes());
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scsi::mode::{mode_select10, mode_sense10, PageControl};
    use crate::testing::mode_sense10_data as sense;

    const PAGE: [u8; 16] = [
        0x0E, 0x0E, 0x04, 0, 0, 0, 0x00, 0x4B, 0x01, 0xC0, 0x02, 0x80, 0, 0, 0, 0,
    ];

    #[test]
    fn cdb_bytes() {
        use crate::scsi::msf::Msf;
        let s = Msf::new(0, 2, 0).unwrap().to_bytes();
        let e = Msf::new(3, 4, 5).unwrap().to_bytes();
        assert_eq!(
            play_audio_msf(s, e).as_bytes(),
            [0x47, 0, 0, 0, 2, 0, 3, 4, 5, 0]
        );
        assert_eq!(seek10(16).as_bytes(), [0x2B, 0, 0, 0, 0, 0x10, 0, 0, 0, 0]);
        assert_eq!(
            pause_resume(false).as_bytes(),
            [0x4B, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        assert_eq!(
            pause_resume(true).as_bytes(),
            [0x4B, 0, 0, 0, 0, 0, 0, 0, 1, 0]
        );
        assert_eq!(stop_unit_immediate().as_bytes(), [0x1B, 1, 0, 0, 0, 0]);
        assert_eq!(
            mode_sense10(false, PageControl::CURRENT, 0x0E, 64).as_bytes(),
            [0x5A, 0, 0x0E, 0, 0, 0, 0, 0, 0x40, 0]
        );
        assert_eq!(
            mode_sense10(true, PageControl::CHANGEABLE, 0x0E, 64).as_bytes(),
            [0x5A, 0x08, 0x4E, 0, 0, 0, 0, 0, 0x40, 0]
        );
        assert_eq!(
            mode_select10(24).as_bytes(),
            [0x55, 0x10, 0, 0, 0, 0, 0, 0, 0x18, 0]
        );
    }

    #[test]
    fn q_channel_cdbs_match_the_spec_examples() {
        assert_eq!(
            read_q_channel(SubQFormat::CURRENT_POSITION, 9)
                .unwrap()
                .as_bytes(),
            [0x42, 0x02, 0x40, 0x01, 0, 0, 0, 0, 0x10, 0]
        );
        assert_eq!(
            read_q_channel(SubQFormat::MEDIA_CATALOG, 9)
                .unwrap()
                .as_bytes(),
            [0x42, 0x00, 0x40, 0x02, 0, 0, 0, 0, 0x18, 0]
        );
        assert_eq!(
            read_q_channel(SubQFormat::TRACK_ISRC, 5)
                .unwrap()
                .as_bytes(),
            [0x42, 0x00, 0x40, 0x03, 0, 0, 5, 0, 0x18, 0]
        );
        assert!(read_q_channel(SubQFormat::SUB_Q_CHANNEL, 0).is_none());
    }

    #[test]
    fn sub_channel_answer_needs_a_header() {
        assert!(SubChannelAnswer::new_checked(&[0, 0x11, 0]).is_none());
        let a = SubChannelAnswer::new_checked(&[0, 0x11, 0, 12]).unwrap();
        assert_eq!(a.status(), AudioStatus::IN_PROGRESS);
    }

    #[test]
    fn finds_the_page_after_other_pages() {
        let data = sense(0, &[&[0x01, 0x02, 0xAA, 0xBB], &PAGE]);
        let p = AudioOutput::from_mode_sense10(&data).unwrap();
        assert_eq!(p.volumes(), [0xC0, 0x80, 0, 0]);
    }

    #[test]
    fn skips_a_block_descriptor_longer_than_255_bytes() {
        // The class driver reads only the low byte of the length: 0x0108
        // would be taken as 8 (pitfall 11).
        let data = sense(0x108, &[&PAGE]);
        let params = ModeParameters10::new_checked(&data).unwrap();
        assert_eq!(params.block_descriptor_length(), 0x108);
        assert_eq!(params.find_page(0x0E), Some(&PAGE[..]));
    }

    #[test]
    fn a_page_cut_by_the_transfer_is_not_found() {
        // The last page byte is missing: the class driver's test (start +
        // PageLength ≤ end) would accept it, 2 bytes too lenient.
        let data = sense(0, &[&PAGE]);
        assert!(AudioOutput::from_mode_sense10(&data[..data.len() - 1]).is_none());
    }

    #[test]
    fn a_page_past_the_mode_data_length_is_not_found() {
        let mut data = sense(0, &[&PAGE]);
        data[1] -= 1;
        assert!(AudioOutput::from_mode_sense10(&data).is_none());
    }

    #[test]
    fn a_short_page_is_refused() {
        let short = [0x0E, 0x06, 4, 0, 0, 0, 0, 0];
        let data = sense(0, &[&short]);
        assert!(ModeParameters10::new_checked(&data)
            .unwrap()
            .find_page(0x0E)
            .is_some());
        assert!(AudioOutput::from_mode_sense10(&data).is_none());
    }

    #[test]
    fn header_claiming_less_than_itself_is_refused() {
        let mut data = sense(0, &[&PAGE]);
        data[0] = 0;
        data[1] = 4;
        assert!(ModeParameters10::new_checked(&data).is_none());
    }

    #[test]
    fn page_code_ignores_ps_and_spf_bits() {
        let mut page = PAGE;
        page[0] = 0x8E;
        assert!(AudioOutput::from_mode_sense10(&sense(0, &[&page])).is_some());
    }

    proptest::proptest! {
        #[test]
        fn walker_returns_only_whole_pages_inside_the_data(
            data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..96),
        ) {
            if let Some(params) = ModeParameters10::new_checked(&data) {
                let end = (usize::from(params.mode_data_length()) + 2).min(data.len());
                let base = data.as_ptr() as usize;
                for page in params.pages() {
                    let at = page.as_ptr() as usize - base;
                    proptest::prop_assert_eq!(page.len(), usize::from(page[1]) + 2);
                    proptest::prop_assert!(at + page.len() <= end);
                    proptest::prop_assert!(at >= 8 + usize::from(params.block_descriptor_length()));
                }
            }
            if let Some(page) = AudioOutput::from_mode_sense10(&data) {
                proptest::prop_assert_eq!(page.code_page & 0x3F, 0x0E);
            }
        }

        #[test]
        fn select_list_never_sets_a_volume_bit_the_mask_lacks(
            cur: [u8; 16], mask: [u8; 16], volume: [u8; 4],
        ) {
            let cur = AudioOutput::read_from_bytes(&cur[..]).unwrap();
            let mask = AudioOutput::read_from_bytes(&mask[..]).unwrap();
            let list = volume_select_list(&cur, &mask, volume);
            proptest::prop_assert_eq!(&list[..8], &[0u8; 8][..]);
            for i in 0..4 {
                proptest::prop_assert_eq!(list[17 + 2 * i] & !mask.port_output[i].volume, 0);
                proptest::prop_assert_eq!(list[16 + 2 * i], cur.port_output[i].channel_selection);
            }
        }
    }

    #[test]
    fn select_list_zeroes_header_keeps_selection_and_masks_volume() {
        let mut cur = AudioOutput::from_page(&PAGE).unwrap();
        cur.code_page = 0x8E; // PS set by the drive: cleared in the list
        cur.immediate = 0x06; // SOTC set: cleared
        let mut mask = AudioOutput::default();
        mask.port_output[0].volume = 0xFF;
        mask.port_output[1].volume = 0xF0;
        let list = volume_select_list(&cur, &mask, [0x11, 0x33, 0x55, 0x77]);
        assert_eq!(
            list,
            [
                0, 0, 0, 0, 0, 0, 0, 0, // header
                0x0E, 0x0E, 0x04, 0, 0, 0, 0x00, 0x4B, // page bytes 0..8
                0x01, 0x11, 0x02, 0x30, 0, 0, 0, 0, // ports
            ]
        );
    }
}
