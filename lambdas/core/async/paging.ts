/**
 * Every page of a Rekognition list operation. A token seen twice means the service (or an emulator) is looping:
 * failing loudly beats planning from a list that never ends or silently repeats itself.
 */
export async function collectPages<TPage extends { NextToken?: string }>(
  fetchPage: (nextToken: string | undefined) => Promise<TPage>,
): Promise<TPage[]> {
  const pages: TPage[] = [];
  const seen = new Set<string>();
  let nextToken: string | undefined;
  do {
    const page = await fetchPage(nextToken);
    pages.push(page);
    // An empty token means "no more pages" just as an absent one does.
    nextToken = page.NextToken === '' ? undefined : page.NextToken;
    if (nextToken !== undefined) {
      if (seen.has(nextToken)) throw new Error('Rekognition returned the same NextToken twice; paging stopped');
      seen.add(nextToken);
    }
  } while (nextToken !== undefined);
  return pages;
}

/** Consecutive slices of at most `size` items (API limits on list parameters). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
