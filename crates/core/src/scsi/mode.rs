//! MODE SENSE(6) (0x1A), MODE SENSE(10) (0x5A) and MODE SELECT(10) (0x55)
//! CDBs, and one checked walker over the mode parameter data both MODE
//! SENSE forms return (SPC-4 §7.5: header, block descriptors, pages).
//!
//! The walker's bounds are exact, unlike the class driver's (pitfall 11:
//! its page test omits the 2-byte page header, and it honours only the low
//! byte of the 10-byte header's block-descriptor length):
//! - the data ends at the bytes received or at Mode Data Length + the size
//!   of that field, whichever comes first;
//! - the block-descriptor length is the whole field (16 bits in the
//!   10-byte header);
//! - [`ModeParameters::pages`] and [`ModeParameters::find_page`] return a
//!   page only when its 2-byte header and all PageLength bytes lie inside
//!   the data.
//!
//! [`ModeParameters::first_page_prefix`] is the one exception, for callers
//! that read single fields of one page with bounds-checked `get`: it
//! returns the page the drive put first as far as the data holds it.

use core::marker::PhantomData;

use super::opcode;
use crate::port::Cdb;

/// Bytes of the MODE SENSE(6) parameter header.
pub const MODE_HEADER6_LEN: usize = 4;
/// Bytes of the MODE SENSE(10)/MODE SELECT(10) parameter header.
pub const MODE_HEADER10_LEN: usize = 8;

/// The page control field of MODE SENSE (CDB byte 2 bits 7..6). Open.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct PageControl(pub u8);

impl PageControl {
    /// Current values.
    pub const CURRENT: Self = Self(0);
    /// Changeable-values mask.
    pub const CHANGEABLE: Self = Self(1);
    /// Default values.
    pub const DEFAULT: Self = Self(2);
    /// Saved values.
    pub const SAVED: Self = Self(3);
}

/// CDB byte 2 of both MODE SENSE forms: PC in bits 7..6, page code in
/// bits 5..0.
const fn page_byte(pc: PageControl, page: u8) -> u8 {
    (pc.0 & 0x3) << 6 | (page & 0x3F)
}

/// MODE SENSE(6) (0x1A): DBD = byte 1 bit 3, PC and page code in byte 2,
/// allocation length in byte 4.
///
/// The probe's page 0x2A fallback: `1A 08 2A 00 40 00`.
pub const fn mode_sense6(dbd: bool, pc: PageControl, page: u8, alloc: u8) -> Cdb {
    Cdb::six([
        opcode::MODE_SENSE6,
        (dbd as u8) << 3,
        page_byte(pc, page),
        0,
        alloc,
        0,
    ])
}

/// MODE SENSE(10) (0x5A): DBD = byte 1 bit 3, PC and page code in byte 2,
/// allocation length in bytes 7–8.
///
/// IOCTL_CDROM_GET_VOLUME's: `5A 00 0E 00 00 00 00 00 40 00`.
pub const fn mode_sense10(dbd: bool, pc: PageControl, page: u8, alloc: u16) -> Cdb {
    let [hi, lo] = alloc.to_be_bytes();
    Cdb::ten([
        opcode::MODE_SENSE10,
        (dbd as u8) << 3,
        page_byte(pc, page),
        0,
        0,
        0,
        0,
        hi,
        lo,
        0,
    ])
}

/// MODE SELECT(10) (0x55) with PF set and SP clear, `len` parameter bytes:
/// `55 10 00 00 00 00 00 00 LL LL`.
pub const fn mode_select10(len: u16) -> Cdb {
    let [hi, lo] = len.to_be_bytes();
    Cdb::ten([opcode::MODE_SELECT10, 0x10, 0, 0, 0, 0, 0, hi, lo, 0])
}

/// The parameter header of one MODE SENSE form: where its two length
/// fields are.
pub trait ModeHeader {
    /// Bytes of the header.
    const LEN: usize;
    /// Bytes of the Mode Data Length field (which does not count itself).
    const LENGTH_FIELD: usize;
    /// (Mode Data Length, Block Descriptor Length) from the first
    /// [`ModeHeader::LEN`] bytes; `None` when fewer arrived.
    fn lengths(received: &[u8]) -> Option<(u16, u16)>;
}

/// The 4-byte MODE SENSE(6) header: Mode Data Length in byte 0, Block
/// Descriptor Length in byte 3.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Header6;

impl ModeHeader for Header6 {
    const LEN: usize = MODE_HEADER6_LEN;
    const LENGTH_FIELD: usize = 1;

    fn lengths(received: &[u8]) -> Option<(u16, u16)> {
        let [len, _, _, bdl] =
            *<&[u8; MODE_HEADER6_LEN]>::try_from(received.get(..Self::LEN)?).ok()?;
        Some((u16::from(len), u16::from(bdl)))
    }
}

/// The 8-byte MODE SENSE(10) header: Mode Data Length in bytes 0–1, Block
/// Descriptor Length in bytes 6–7 (all 16 bits).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Header10;

impl ModeHeader for Header10 {
    const LEN: usize = MODE_HEADER10_LEN;
    const LENGTH_FIELD: usize = 2;

    fn lengths(received: &[u8]) -> Option<(u16, u16)> {
        let [l0, l1, _, _, _, _, b0, b1] =
            *<&[u8; MODE_HEADER10_LEN]>::try_from(received.get(..Self::LEN)?).ok()?;
        Some((u16::from_be_bytes([l0, l1]), u16::from_be_bytes([b0, b1])))
    }
}

/// A checked view of MODE SENSE data with header `H`: the header, block
/// descriptors, then pages (bounds: see the module documentation).
#[derive(Clone, Copy, Debug)]
pub struct ModeParameters<'a, H> {
    /// The received bytes, cut at Mode Data Length.
    data: &'a [u8],
    /// Mode Data Length as the header states it.
    mode_data_length: u16,
    /// Block Descriptor Length as the header states it.
    block_descriptor_length: u16,
    header: PhantomData<H>,
}

/// A view of MODE SENSE(6) data.
pub type ModeParameters6<'a> = ModeParameters<'a, Header6>;
/// A view of MODE SENSE(10) data.
pub type ModeParameters10<'a> = ModeParameters<'a, Header10>;

impl<'a, H: ModeHeader> ModeParameters<'a, H> {
    /// The view over `received` (the bytes the drive returned); `None`
    /// when the header does not fit or claims less data than the header
    /// itself.
    pub fn new_checked(received: &'a [u8]) -> Option<Self> {
        let (mode_data_length, block_descriptor_length) = H::lengths(received)?;
        let claimed = usize::from(mode_data_length) + H::LENGTH_FIELD;
        if claimed < H::LEN {
            return None;
        }
        Some(Self {
            data: received.get(..claimed.min(received.len()))?,
            mode_data_length,
            block_descriptor_length,
            header: PhantomData,
        })
    }

    /// Mode Data Length (bytes after its own field, as the drive claims).
    pub const fn mode_data_length(&self) -> u16 {
        self.mode_data_length
    }

    /// Block Descriptor Length (the whole field).
    pub const fn block_descriptor_length(&self) -> u16 {
        self.block_descriptor_length
    }

    /// The bytes after the header and the block descriptors.
    fn page_area(&self) -> &'a [u8] {
        let start = H::LEN + usize::from(self.block_descriptor_length);
        self.data.get(start..).unwrap_or(&[])
    }

    /// The complete pages, in order; stops at the first page that does not
    /// fit.
    pub fn pages(&self) -> ModePages<'a> {
        ModePages {
            rest: self.page_area(),
        }
    }

    /// The first complete page with this page code (low 6 bits of byte 0).
    pub fn find_page(&self, code: u8) -> Option<&'a [u8]> {
        self.pages()
            .find(|p| p.first().is_some_and(|b| b & 0x3F == code))
    }

    /// The first page after the block descriptors, if its page code is
    /// `code`, as far as the data holds it: at least its 2-byte header, and
    /// cut short where the data ends (a page longer than the allocation
    /// length left room for comes back cut, never padded). Fields past the
    /// cut are absent, so read them with `get`; use
    /// [`ModeParameters::find_page`] to get a whole page or nothing.
    pub fn first_page_prefix(&self, code: u8) -> Option<&'a [u8]> {
        let area = self.page_area();
        let [page_code, len, ..] = *area else {
            return None;
        };
        if page_code & 0x3F != code {
            return None;
        }
        area.get(..(2 + usize::from(len)).min(area.len()))
    }
}

/// Iterator over complete mode pages (each with its 2-byte header).
#[derive(Clone, Debug)]
pub struct ModePages<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for ModePages<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let len = usize::from(*self.rest.get(1)?) + 2;
        let Some((page, rest)) = self.rest.split_at_checked(len) else {
            self.rest = &[];
            return None;
        };
        self.rest = rest;
        Some(page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::mode_sense10_data as sense10;

    /// Page 0x2A, MMC-1 length (0x14): C2 pointers and R-W supported.
    const PAGE_2A: [u8; 22] = [
        0x2A, 0x14, 0x3B, 0, 0x71, 0x14, 0x29, 0x03, 0x05, 0x82, 0x01, 0x00, //
        0x00, 0x80, 0x05, 0x82, 0, 0, 0, 0, 0, 0,
    ];

    #[test]
    fn mode_sense10_cdb_sets_dbd() {
        assert_eq!(
            mode_sense10(true, PageControl::CURRENT, 0x2A, 64).as_bytes(),
            [0x5A, 0x08, 0x2A, 0, 0, 0, 0, 0, 0x40, 0]
        );
    }

    #[test]
    fn mode_sense6_cdb() {
        assert_eq!(
            mode_sense6(true, PageControl::CURRENT, 0x2A, 64).as_bytes(),
            [0x1A, 0x08, 0x2A, 0, 0x40, 0]
        );
        assert_eq!(
            mode_sense6(false, PageControl::CHANGEABLE, 0x0E, 0xFF).as_bytes(),
            [0x1A, 0x00, 0x4E, 0, 0xFF, 0]
        );
    }

    #[test]
    fn six_byte_header_fields() {
        let mut data = std::vec![19, 0, 0, 8];
        data.extend_from_slice(&[0; 8]);
        data.extend_from_slice(&[0x2A, 0x06, 1, 2, 3, 4, 5, 6]);
        let m = ModeParameters6::new_checked(&data).unwrap();
        assert_eq!((m.mode_data_length(), m.block_descriptor_length()), (19, 8));
        assert_eq!(m.find_page(0x2A), Some(&data[12..20]));
    }

    #[test]
    fn six_byte_header_claiming_less_than_itself_is_refused() {
        assert!(ModeParameters6::new_checked(&[2, 0, 0, 0, 0x2A, 0]).is_none());
        assert!(ModeParameters6::new_checked(&[3, 0, 0]).is_none());
    }

    #[test]
    fn six_byte_page_cut_by_the_transfer_is_only_a_prefix() {
        let mut data = std::vec![19, 0, 0, 0];
        data.extend_from_slice(&[0x2A, 0x0E, 1, 2, 3, 4, 5, 6]);
        let m = ModeParameters6::new_checked(&data).unwrap();
        assert_eq!(m.find_page(0x2A), None);
        assert_eq!(m.first_page_prefix(0x2A), Some(&data[4..12]));
    }

    #[test]
    fn prefix_is_only_the_first_page() {
        let data = sense10(0, &[&[0x01, 0x02, 0xAA, 0xBB], &PAGE_2A]);
        let m = ModeParameters10::new_checked(&data).unwrap();
        assert_eq!(m.first_page_prefix(0x2A), None);
        assert_eq!(m.first_page_prefix(0x01), Some(&data[8..12]));
        assert_eq!(m.find_page(0x2A), Some(&PAGE_2A[..]));
    }

    #[test]
    fn prefix_needs_the_page_header() {
        let mut data = sense10(0, &[&PAGE_2A]);
        data.truncate(9);
        let m = ModeParameters10::new_checked(&data).unwrap();
        assert_eq!(m.first_page_prefix(0x2A), None);
    }

    /// Whole pages lie inside the data after the descriptors, and a prefix
    /// never reaches past the data (header `H`, literal sizes).
    fn pages_stay_inside<H: ModeHeader>(
        data: &[u8],
        header: usize,
        field: usize,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        let Some(m) = ModeParameters::<H>::new_checked(data) else {
            return Ok(());
        };
        let end = (usize::from(m.mode_data_length()) + field).min(data.len());
        let first = header + usize::from(m.block_descriptor_length());
        let base = data.as_ptr() as usize;
        for page in m.pages() {
            let at = page.as_ptr() as usize - base;
            proptest::prop_assert_eq!(page.len(), usize::from(page[1]) + 2);
            proptest::prop_assert!(at >= first && at + page.len() <= end);
        }
        if let Some(p) = m.first_page_prefix(data.get(first).map_or(0, |b| b & 0x3F)) {
            let at = p.as_ptr() as usize - base;
            proptest::prop_assert!(at == first && p.len() >= 2 && at + p.len() <= end);
        }
        Ok(())
    }

    proptest::proptest! {
        /// Any bytes, either header.
        #[test]
        fn pages_and_prefixes_stay_inside_the_data(
            data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..96),
        ) {
            pages_stay_inside::<Header10>(&data, 8, 2)?;
            pages_stay_inside::<Header6>(&data, 4, 1)?;
        }
    }
}
