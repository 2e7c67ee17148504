-- Quotations and amounts (see transforms/quotations.py and transforms/amounts.py).

-- A quotation in a document: direct (in quotation marks) or reported; a quotation repeated across
-- articles has one quote_key, and quotation_sentences links it to the sentences it consists of.
create table if not exists quotations (
    quotation_id      varchar,
    doc_id            varchar,
    char_start        integer,   -- in documents.text
    char_end          integer,
    text              varchar,
    quote_key         varchar,   -- the same for the same words, wherever they are quoted
    speaker_entity_id varchar,   -- when the speaker is a known entity
    speaker_surface   varchar,   -- the speaker's name, or the phrase that stands for them
    cue               varchar,   -- cho biết, khẳng định, nói, theo, ":" …
    is_direct         boolean,
    run_id            varchar
);

create table if not exists quotation_sentences (
    quotation_id varchar,
    sentence_id  varchar
);

-- A number with what it counts, in a distinct sentence.
create table if not exists amounts (
    sentence_id varchar,
    char_start  integer,   -- in sentences.text
    char_end    integer,
    surface     varchar,
    value       double,
    unit        varchar,
    kind        varchar,   -- count | money | percent | duration | other
    approximate boolean,   -- "hàng trăm": about that many
    run_id      varchar
);
