//! .xls and encrypted .xlsx: the compound file's sector chains.

use super::le::{u16_at, u32_at, u64_at, words, words16};
use super::xls::check_biff_cells;
use super::{Damage, Refusal};

/// The first eight bytes of a compound file.
pub(super) const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
/// Sector numbers from here up are markers, not sectors.
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;

/// Walks the chains calamine will follow, the way it follows them: the directory, the mini
/// stream and mini allocation table, and every stream of 4,096 bytes or more. A chain that
/// loops would make calamine read forever into memory; a well-formed file never has one, nor
/// more allocation-table sectors than the file has sectors.
pub(super) fn check_compound_file(bytes: &[u8]) -> Result<(), Refusal> {
    let Some(file) = CompoundFile::open(bytes)? else {
        return Ok(());
    };
    let chains = Chains::new(&file.fat, &file.sectors, bytes.len());

    chains.check(file.dir_start, usize::MAX)?;
    let entries = file.directory(bytes.len())?;
    let Some(root) = entries.first() else {
        return Ok(());
    };
    if file.version != 3 && root.start == ENDOFCHAIN {
        return Ok(());
    }
    let (mini_fat_start, mini_fat_bytes) = file.mini_fat;
    if mini_fat_bytes > 0 {
        chains.check(root.start, root.len)?;
        chains.check(mini_fat_start, mini_fat_bytes)?;
    }
    for entry in &entries[1..] {
        if entry.len >= 4096 {
            chains.check(entry.start, entry.len)?;
        }
    }
    match file.workbook_stream(&entries)? {
        Some(stream) => check_biff_cells(&stream),
        None => Ok(()),
    }
}

/// A compound file's header and allocation table.
struct CompoundFile<'a> {
    sectors: Sectors<'a>,
    /// The allocation table: for each sector, the next one of its chain.
    fat: Vec<u32>,
    version: u16,
    dir_start: u32,
    /// The mini allocation table's first sector and its length in bytes (0 when there is none).
    mini_fat: (u32, usize),
}

impl CompoundFile<'_> {
    /// Reads the header and gathers the allocation table from the sectors the header and the
    /// DIFAT chain list. `None`: damage calamine reports itself (or not a file it reads).
    fn open(bytes: &[u8]) -> Result<Option<CompoundFile<'_>>, Refusal> {
        let Some(header) = bytes.get(..512) else {
            return Ok(None);
        };
        let sector_size: usize = match u16_at(header, 30) {
            0x0009 => 512,
            0x000C => 4096,
            _ => return Ok(None),
        };
        let sectors = Sectors {
            data: bytes.get(sector_size.max(512)..).unwrap_or_default(),
            size: sector_size,
            max_id: (bytes.len() / sector_size) as u32,
        };
        let mut difat: Vec<u32> = words(&header[76..512]).collect();
        let mut sector_id = u32_at(header, 68);
        let mut difat_sectors = 0u32;
        while sector_id < RESERVED_SECTORS {
            difat_sectors += 1;
            if difat_sectors > sectors.max_id.saturating_add(1) || sector_id > sectors.max_id {
                return Ok(None); // calamine reports this itself
            }
            difat.extend(words(sectors.get(sector_id)));
            match difat.pop() {
                Some(next) => sector_id = next,
                None => return Ok(None),
            }
        }
        let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
        // Room for writers that leave zeros instead of the free marker in the header's list.
        if fat_sectors.len() as u64 > u64::from(sectors.max_id) + 1 + 109 {
            return Err(Refusal::Damaged(Damage::AllocationTable));
        }
        let mut fat = Vec::new();
        for id in fat_sectors {
            if id > sectors.max_id {
                return Ok(None);
            }
            fat.extend(words(sectors.get(id)));
        }
        Ok(Some(CompoundFile {
            sectors,
            fat,
            version: u16_at(header, 26),
            dir_start: u32_at(header, 48),
            mini_fat: (
                u32_at(header, 60),
                (u32_at(header, 64) as usize).saturating_mul(sector_size),
            ),
        }))
    }

    /// The directory's entries; the first is the root, whose chain is the mini stream.
    fn directory(&self, file_len: usize) -> Result<Vec<Entry>, Refusal> {
        let directory = self.sectors.chain(self.dir_start, &self.fat, file_len)?;
        Ok(directory
            .chunks_exact(128)
            .map(|entry| Entry {
                name: char::decode_utf16(words16(&entry[..64]))
                    .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                    .take_while(|c| *c != '\0')
                    .collect(),
                start: u32_at(entry, 116),
                len: if self.sectors.size == 512 {
                    u32_at(entry, 120) as usize
                } else {
                    u64_at(entry, 120) as usize
                },
            })
            .collect())
    }

    /// The stream an .xls keeps its sheets in, read as calamine reads it; `None` when there is
    /// none (not an .xls) or it cannot be found.
    fn workbook_stream(&self, entries: &[Entry]) -> Result<Option<Vec<u8>>, Refusal> {
        let named = |name: &str| entries.iter().find(|e| e.name.eq_ignore_ascii_case(name));
        let (Some(root), Some(workbook)) =
            (entries.first(), named("Workbook").or_else(|| named("Book")))
        else {
            return Ok(None);
        };
        let (mini_fat_start, mini_fat_bytes) = self.mini_fat;
        if workbook.len >= 4096 {
            return Ok(Some(self.sectors.chain(
                workbook.start,
                &self.fat,
                workbook.len,
            )?));
        }
        if mini_fat_bytes == 0 {
            return Ok(None);
        }
        let mini_stream = self.sectors.chain(root.start, &self.fat, root.len)?;
        let mini_fat: Vec<u32> = words(&self.sectors.chain(
            mini_fat_start,
            &self.fat,
            mini_fat_bytes,
        )?)
        .collect();
        // A stream under 4,096 bytes is kept in 64-byte sectors inside the mini stream.
        let mini_sectors = Sectors {
            data: &mini_stream,
            size: 64,
            max_id: (mini_stream.len() / 64) as u32,
        };
        Ok(Some(mini_sectors.chain(
            workbook.start,
            &mini_fat,
            workbook.len,
        )?))
    }
}

/// A directory entry: a stream's name, first sector and length.
struct Entry {
    name: String,
    start: u32,
    len: usize,
}

/// The file's sectors after the header; a sector cut short by the end of the file is short.
struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
    max_id: u32,
}

impl Sectors<'_> {
    fn get(&self, id: u32) -> &[u8] {
        let start = (id as usize).saturating_mul(self.size).min(self.data.len());
        let end = start.saturating_add(self.size).min(self.data.len());
        &self.data[start..end]
    }

    /// The bytes of a chain, at most `limit` of them. A chain that has not ended after as
    /// many steps as there are sectors has gone round: refused.
    fn chain(&self, mut id: u32, fat: &[u32], limit: usize) -> Result<Vec<u8>, Refusal> {
        let mut chain = Vec::new();
        let mut steps = 0usize;
        while id != ENDOFCHAIN && id <= self.max_id && chain.len() < limit {
            steps += 1;
            if steps > self.max_id as usize + 1 {
                return Err(Refusal::Damaged(Damage::ChainLoops));
            }
            chain.extend_from_slice(self.get(id));
            match fat.get(id as usize) {
                Some(next) => id = *next,
                None => break,
            }
        }
        chain.truncate(limit);
        Ok(chain)
    }
}

/// For every sector: does following the allocation table from it come to an end (the end
/// marker, a sector past the file, or past the table) or go round forever, and if it goes
/// round, does the round add any bytes (a sector past the end of the file adds none)?
struct Chains {
    loops: Vec<bool>,
    /// Goes round through sectors that add nothing: a reader waiting for more never stops.
    stalls: Vec<bool>,
    max_id: u32,
    sector_size: usize,
    file_len: usize,
}

impl Chains {
    fn new(fat: &[u32], sectors: &Sectors, file_len: usize) -> Chains {
        const UNSEEN: u8 = 0;
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let len = fat.len().min(sectors.max_id as usize + 1);
        let mut state = vec![UNSEEN; len];
        let mut loops = vec![false; len];
        let mut stalls = vec![false; len];
        let mut path = Vec::new();
        for start in 0..len {
            let mut id = start;
            while id < len && state[id] == UNSEEN {
                state[id] = ON_PATH;
                path.push(id);
                id = fat[id] as usize;
            }
            let (looping, stalling) = match state.get(id) {
                Some(&ON_PATH) => {
                    let round = path.iter().position(|&n| n == id).unwrap_or(0);
                    let empty = path[round..]
                        .iter()
                        .all(|&n| sectors.get(n as u32).is_empty());
                    (true, empty)
                }
                Some(_) => (loops[id], stalls[id]),
                None => (false, false),
            };
            for visited in path.drain(..) {
                state[visited] = DONE;
                loops[visited] = looping;
                stalls[visited] = stalling;
            }
        }
        Chains {
            loops,
            stalls,
            max_id: sectors.max_id,
            sector_size: sectors.size,
            file_len,
        }
    }

    /// A chain that loops is refused when calamine would read more of it than the whole file,
    /// or would wait forever on a round that adds nothing (`len` is where calamine stops).
    fn check(&self, start: u32, len: usize) -> Result<(), Refusal> {
        let at = start as usize;
        let loops = start <= self.max_id && self.loops.get(at) == Some(&true);
        let stalls = loops && self.stalls.get(at) == Some(&true) && len > 0;
        if loops && len > self.file_len.saturating_add(self.sector_size) || stalls {
            return Err(Refusal::Damaged(Damage::ChainLoops));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A compound file of 512-byte sectors: the header, one allocation-table sector (0) and
    /// one directory sector (1) whose chain points back at itself.
    fn compound_file(dir_next: u32, root_len: u32) -> Vec<u8> {
        let mut file = vec![0u8; 512 * 3];
        file[..8].copy_from_slice(&SIGNATURE);
        file[26..28].copy_from_slice(&3u16.to_le_bytes());
        file[30..32].copy_from_slice(&9u16.to_le_bytes());
        file[32..34].copy_from_slice(&6u16.to_le_bytes());
        file[44..48].copy_from_slice(&1u32.to_le_bytes());
        file[48..52].copy_from_slice(&1u32.to_le_bytes()); // directory starts at sector 1
        file[60..64].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        file[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        for slot in file[76..512].chunks_exact_mut(4) {
            slot.copy_from_slice(&u32::MAX.to_le_bytes());
        }
        file[76..80].copy_from_slice(&0u32.to_le_bytes()); // the FAT is sector 0
        let fat = &mut file[512..1024];
        for slot in fat.chunks_exact_mut(4) {
            slot.copy_from_slice(&u32::MAX.to_le_bytes());
        }
        fat[0..4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes()); // FATSECT
        fat[4..8].copy_from_slice(&dir_next.to_le_bytes());
        let root = &mut file[1024..1152];
        root[116..120].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        root[120..124].copy_from_slice(&root_len.to_le_bytes());
        file
    }

    #[test]
    fn a_directory_chain_that_loops_is_refused() {
        assert_eq!(check_compound_file(&compound_file(ENDOFCHAIN, 0)), Ok(()));
        assert_eq!(
            check_compound_file(&compound_file(1, 0)),
            Err(Refusal::Damaged(Damage::ChainLoops))
        );
    }

    #[test]
    fn an_allocation_table_longer_than_the_file_is_refused() {
        // Every one of the header's 109 slots, and a chain of DIFAT sectors, naming sector 0
        // again: calamine would read it as a table of 128 entries per mention.
        let mut file = compound_file(ENDOFCHAIN, 0);
        for slot in file[76..512].chunks_exact_mut(4) {
            slot.copy_from_slice(&0u32.to_le_bytes());
        }
        assert_eq!(check_compound_file(&file), Ok(()));
        file.extend(std::iter::repeat_n(0u8, 1024));
        file[68..72].copy_from_slice(&3u32.to_le_bytes()); // a DIFAT sector: sector 3
        let difat = &mut file[2048..2560];
        difat[508..512].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        assert_eq!(
            check_compound_file(&file),
            Err(Refusal::Damaged(Damage::AllocationTable))
        );
    }

    /// The root entry's chain loops on a sector past the end of the file: following it
    /// never adds a byte, so a reader that follows it to the stream's length never stops.
    #[test]
    fn a_chain_looping_through_an_empty_sector_is_refused() {
        let mut file = compound_file(ENDOFCHAIN, 100);
        file[64..68].copy_from_slice(&1u32.to_le_bytes()); // a mini allocation table
        file[512 + 8..512 + 12].copy_from_slice(&2u32.to_le_bytes()); // sector 2 -> 2
        file[1024 + 116..1024 + 120].copy_from_slice(&2u32.to_le_bytes()); // root starts at 2
        let workbook = &mut file[1152..1280];
        for (i, unit) in "Workbook".encode_utf16().enumerate() {
            workbook[2 * i..2 * i + 2].copy_from_slice(&unit.to_le_bytes());
        }
        workbook[116..120].copy_from_slice(&0u32.to_le_bytes());
        workbook[120..124].copy_from_slice(&100u32.to_le_bytes());
        assert_eq!(
            check_compound_file(&file),
            Err(Refusal::Damaged(Damage::ChainLoops))
        );
    }
}
