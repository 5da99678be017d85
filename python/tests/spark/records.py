"""Generated records for the Spark tests and benchmark: names drawn with a
fixed seed from common American first and last names (with some middle
initials and "Surname, Given" order), the article's five Russians mixed in
at fixed places."""
import random

from conftest import RUSSIANS

FIRST = ("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
         "Richard Susan Joseph Jessica Thomas Sarah Christopher Karen Charles Lisa Daniel Nancy "
         "Matthew Betty Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly Andrew Emily "
         "Paul Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa George Deborah "
         "Timothy Stephanie Ronald Rebecca Jason Sharon Edward Laura Jeffrey Cynthia Ryan Dorothy "
         "Jacob Amy Gary Kathleen Nicholas Angela Eric Shirley Jonathan Emma Stephen Brenda Larry "
         "Pamela Justin Nicole Scott Anna Brandon Samantha Benjamin Katherine Samuel Christine "
         "Gregory Debra Alexander Rachel Patrick Carolyn Frank Janet Raymond Maria Jack Olivia").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
        "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White "
        "Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres "
        "Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts "
        "Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales "
        "Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos "
        "Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes "
        "Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell").split()


def records(n, seed=20240503):
    """n (key, name, dob) records; the Russians at positions spread over the
    range. Returns the records and {key: expected SDN id}."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        f, l = rnd.choice(FIRST), rnd.choice(LAST)
        r = rnd.random()
        if r < 0.15:
            name = f"{f} {rnd.choice('ABCDEFGHJKLMNPRSTW')}. {l}"
        elif r < 0.25:
            name = f"{l.upper()}, {f}"
        else:
            name = f"{f} {l}"
        dob = f"{rnd.randint(1940, 2004)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}" \
            if rnd.random() < 0.5 else None
        out.append((f"r{i:07d}", name, dob))
    want = {}
    for k, (name, sdn) in enumerate(RUSSIANS):
        pos = (k * 2 + 1) * n // 10
        out[pos] = (out[pos][0], name, None)
        want[out[pos][0]] = sdn
    return out, want
