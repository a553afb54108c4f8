//! READ TOC/PMA/ATIP (0x43, MMC-6 §6.26): the CDB and a checked view of
//! the answer in any of the formats 0–5.
//!
//! Every format starts with the same 4-byte header: a big-endian length of
//! the bytes after the length field, then two format-specific bytes (first
//! and last track, first and last session, or reserved). Descriptors of a
//! fixed size follow: [`TrackData`] (formats 0 and 1),
//! [`CdromTocFullTocDataBlock`] (2 and 3), [`CdromTocAtipDataBlock`] (4),
//! [`CdromTocCdTextDataBlock`] (5).

use zerocopy::{FromBytes, Immutable, KnownLayout, Unaligned};

use crate::abi::toc::{
    CdromTocAtipDataBlock, CdromTocCdTextDataBlock, CdromTocFullTocDataBlock, TocFormat, TrackData,
    LEAD_OUT_TRACK,
};
use crate::port::Cdb;
use crate::scsi::opcode;

/// Size of the header every READ TOC format starts with.
pub const HEADER_LEN: usize = 4;

/// READ TOC/PMA/ATIP: byte 1 bit 1 = MSF, byte 2 bits 0-3 = format, byte 6 =
/// track/session number, bytes 7-8 = allocation length (big-endian).
pub fn read_toc(format: TocFormat, msf: bool, track_session: u8, allocation: u16) -> Cdb {
    let [hi, lo] = allocation.to_be_bytes();
    Cdb::ten([
        opcode::READ_TOC,
        if msf { 0x02 } else { 0x00 },
        format.0 & 0x0F,
        0,
        0,
        0,
        track_session,
        hi,
        lo,
        0,
    ])
}

/// The answer is shorter than its 4-byte header.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Truncated;

/// A checked view of a READ TOC answer (any format). No accessor can panic
/// once [`TocView::new_checked`] succeeded; descriptors the answer cuts off
/// are left out.
#[derive(Clone, Copy, Debug)]
pub struct TocView<B> {
    buf: B,
}

impl<B: AsRef<[u8]>> TocView<B> {
    /// Checks that `buf` holds at least the header.
    pub fn new_checked(buf: B) -> Result<Self, Truncated> {
        if buf.as_ref().len() < HEADER_LEN {
            return Err(Truncated);
        }
        Ok(Self { buf })
    }

    fn header(&self) -> [u8; HEADER_LEN] {
        match self.buf.as_ref() {
            [a, b, c, d, ..] => [*a, *b, *c, *d],
            _ => [0; HEADER_LEN],
        }
    }

    /// The length field: bytes after itself, as the device claims.
    pub fn data_length(&self) -> u16 {
        let [a, b, _, _] = self.header();
        u16::from_be_bytes([a, b])
    }

    /// Header byte 2: first track (format 0), first complete session
    /// (formats 1 and 2), reserved otherwise.
    pub fn first(&self) -> u8 {
        self.header()[2]
    }

    /// Header byte 3: last track (format 0), last complete session
    /// (formats 1 and 2), reserved otherwise.
    pub fn last(&self) -> u8 {
        self.header()[3]
    }

    /// Bytes of the answer that are both claimed by the length field and
    /// present: `min(buffer, 2 + data_length)`.
    pub fn len(&self) -> usize {
        self.buf
            .as_ref()
            .len()
            .min(usize::from(self.data_length()) + 2)
    }

    /// Never true after [`TocView::new_checked`]; for symmetry with `len`.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The descriptor bytes: after the header, within [`TocView::len`].
    pub fn body(&self) -> &[u8] {
        self.buf
            .as_ref()
            .get(HEADER_LEN..self.len().max(HEADER_LEN))
            .unwrap_or(&[])
    }

    /// The whole descriptors of type `D` in the body.
    pub fn descriptors<D>(&self) -> &[D]
    where
        D: FromBytes + KnownLayout + Immutable + Unaligned,
    {
        let body = self.body();
        let count = body.len() / size_of::<D>().max(1);
        <[D]>::ref_from_prefix_with_elems(body, count).map_or(&[], |(d, _)| d)
    }

    /// Format 0 (TOC) and 1 (session): the track descriptors.
    pub fn tracks(&self) -> &[TrackData] {
        self.descriptors()
    }

    /// Format 0: the lead-out descriptor (track 0xAA), if present.
    pub fn lead_out(&self) -> Option<&TrackData> {
        self.tracks()
            .iter()
            .find(|t| t.track_number == LEAD_OUT_TRACK)
    }

    /// Format 0: the descriptor of track `number`, if present.
    pub fn track(&self, number: u8) -> Option<&TrackData> {
        self.tracks().iter().find(|t| t.track_number == number)
    }

    /// Formats 2 (full TOC) and 3 (PMA): the raw TOC entries.
    pub fn full_toc(&self) -> &[CdromTocFullTocDataBlock] {
        self.descriptors()
    }

    /// Format 4: the ATIP descriptor, if present.
    pub fn atip(&self) -> Option<&CdromTocAtipDataBlock> {
        self.descriptors().first()
    }

    /// Format 5: the CD-TEXT packs.
    pub fn cd_text(&self) -> &[CdromTocCdTextDataBlock] {
        self.descriptors()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::toc::Adr;
    use crate::scsi::msf::Msf;

    /// A two-track TOC in MSF form (`00 MM SS FF`): data track 1 at LBA 0,
    /// audio track 2 (copy permitted, pre-emphasis) at LBA 325, lead-out at
    /// LBA 850.
    const TOC_MSF: [u8; 28] = [
        0x00, 0x1A, 1, 2, //
        0, 0x14, 1, 0, 0, 0, 2, 0, //
        0, 0x13, 2, 0, 0, 0, 6, 25, //
        0, 0x10, 0xAA, 0, 0, 0, 13, 25,
    ];

    #[test]
    fn read_toc_cdb_bytes() {
        let cdb = read_toc(TocFormat::TOC, true, 0, 804);
        assert_eq!(cdb.as_bytes(), &[0x43, 0x02, 0, 0, 0, 0, 0, 0x03, 0x24, 0]);
        let cdb = read_toc(TocFormat::CDTEXT, false, 7, 0xFFFF);
        assert_eq!(cdb.as_bytes(), &[0x43, 0, 5, 0, 0, 0, 7, 0xFF, 0xFF, 0]);
    }

    #[test]
    fn header_and_tracks() {
        let v = TocView::new_checked(&TOC_MSF[..]).unwrap();
        assert_eq!((v.data_length(), v.first(), v.last()), (26, 1, 2));
        assert_eq!(v.tracks().len(), 3);
        let t2 = v.track(2).unwrap();
        assert_eq!((t2.control(), t2.adr()), (3, Adr::ENCODES_CURRENT_POSITION));
        assert_eq!(t2.msf().to_lba(), Some(325));
        assert_eq!(v.lead_out().map(TrackData::msf), Msf::new(0, 13, 25));
        assert_eq!(v.lead_out().and_then(|t| t.msf().to_lba()), Some(850));
    }

    #[test]
    fn answer_cut_by_the_allocation_length_keeps_whole_descriptors() {
        let v = TocView::new_checked(&TOC_MSF[..17]).unwrap();
        assert_eq!(v.len(), 17);
        assert_eq!(v.tracks().len(), 1);
    }

    #[test]
    fn length_field_shorter_than_the_buffer_bounds_the_body() {
        let mut b = TOC_MSF;
        b[1] = 10;
        let v = TocView::new_checked(&b[..]).unwrap();
        assert_eq!((v.len(), v.tracks().len()), (12, 1));
    }

    #[test]
    fn fewer_than_four_bytes_is_truncated() {
        assert_eq!(
            TocView::new_checked(&[0u8, 2, 1][..]).err(),
            Some(Truncated)
        );
    }

    #[test]
    fn full_toc_entries() {
        let b = [
            0x00, 0x0D, 1, 1, //
            1, 0x14, 0, 0xA2, 0, 0, 0, 0, 0, 11, 25,
        ];
        let v = TocView::new_checked(&b[..]).unwrap();
        let [e] = v.full_toc() else {
            panic!("one entry")
        };
        assert_eq!((e.session_number, e.point, e.msf), (1, 0xA2, [0, 11, 25]));
    }

    #[test]
    fn atip_and_cd_text_descriptors() {
        let mut b = [0u8; 4 + 24];
        b[1] = 26;
        b[6] = 0x40;
        let v = TocView::new_checked(&b[..]).unwrap();
        assert!(v.atip().is_some_and(CdromTocAtipDataBlock::is_cdrw));
        let mut t = [0u8; 4 + 36];
        t[1] = 38;
        t[4] = 0x80;
        t[22] = 0x81;
        let v = TocView::new_checked(&t[..]).unwrap();
        let packs: Vec<u8> = v.cd_text().iter().map(|p| p.pack_type).collect();
        assert_eq!(packs, [0x80, 0x81]);
    }

    proptest::proptest! {
        /// Any bytes: the view never reaches past the buffer or the length
        /// field, and descriptors are whole.
        #[test]
        fn views_stay_inside_the_answer(b in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            if let Ok(v) = TocView::new_checked(&b[..]) {
                proptest::prop_assert!(v.len() <= b.len());
                proptest::prop_assert!(v.body().len() + HEADER_LEN <= v.len().max(HEADER_LEN));
                proptest::prop_assert_eq!(v.tracks().len(), v.body().len() / 8);
                proptest::prop_assert_eq!(v.full_toc().len(), v.body().len() / 11);
                proptest::prop_assert_eq!(v.cd_text().len(), v.body().len() / 18);
            } else {
                proptest::prop_assert!(b.len() < HEADER_LEN);
            }
        }
    }
}
