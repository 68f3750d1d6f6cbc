#ifndef LATERAL_CGRAPHVIZ_SHIM_H
#define LATERAL_CGRAPHVIZ_SHIM_H
#include <gvc.h>
#include <cgraph.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A deterministic object-ID discipline for cgraph.
 *
 * cgraph's default discipline uses the address of an object's interned name as its ID,
 * and keeps subgraphs (clusters) in dictionaries ordered by ID, so a layout depends on
 * where malloc happened to put those strings. This discipline numbers named objects in
 * the order they are first seen (even IDs), and anonymous ones with odd IDs, so the same
 * DOT text always lays out the same way in any process.
 */
typedef struct {
    char **names;      /* names[i] has ID 2 * (i + 1) */
    size_t count, capacity;
    size_t *slots;     /* open-addressing table of name indices + 1; 0 is empty */
    size_t slotCount;
    IDTYPE anonymous;  /* next odd ID */
} lateral_idstate;

static inline size_t lateral_hash(const char *s) {
    size_t h = 1469598103934665603ULL;
    while (*s) { h ^= (unsigned char)*s++; h *= 1099511628211ULL; }
    return h;
}

static inline void lateral_rehash(lateral_idstate *st) {
    size_t newCount = st->slotCount ? st->slotCount * 2 : 64;
    size_t *slots = calloc(newCount, sizeof(size_t));
    for (size_t i = 0; i < st->count; i++) {
        size_t h = lateral_hash(st->names[i]) & (newCount - 1);
        while (slots[h]) h = (h + 1) & (newCount - 1);
        slots[h] = i + 1;
    }
    free(st->slots);
    st->slots = slots;
    st->slotCount = newCount;
}

static inline void *lateral_idopen(Agraph_t *g, Agdisc_t *disc) {
    (void)g; (void)disc;
    lateral_idstate *st = calloc(1, sizeof(lateral_idstate));
    st->anonymous = 1;
    lateral_rehash(st);
    return st;
}

static inline long lateral_idmap(void *state, int objtype, char *str, IDTYPE *id, int createflag) {
    (void)objtype;
    lateral_idstate *st = state;
    if (!str) {
        *id = st->anonymous;
        st->anonymous += 2;
        return 1;
    }
    size_t h = lateral_hash(str) & (st->slotCount - 1);
    while (st->slots[h]) {
        size_t index = st->slots[h] - 1;
        if (strcmp(st->names[index], str) == 0) { *id = 2 * (IDTYPE)(index + 1); return 1; }
        h = (h + 1) & (st->slotCount - 1);
    }
    if (!createflag) return 0;
    if (st->count == st->capacity) {
        st->capacity = st->capacity ? st->capacity * 2 : 64;
        st->names = realloc(st->names, st->capacity * sizeof(char *));
    }
    st->names[st->count] = strdup(str);
    st->count += 1;
    *id = 2 * (IDTYPE)st->count;
    if (st->count * 2 > st->slotCount) {
        lateral_rehash(st);
    } else {
        st->slots[h] = st->count;
    }
    return 1;
}

static inline long lateral_idalloc(void *state, int objtype, IDTYPE id) {
    (void)state; (void)objtype; (void)id;
    return 0;
}

static inline void lateral_idfree(void *state, int objtype, IDTYPE id) {
    (void)state; (void)objtype; (void)id;
}

static inline char *lateral_idprint(void *state, int objtype, IDTYPE id) {
    (void)objtype;
    lateral_idstate *st = state;
    if (id % 2 != 0 || id == 0 || id / 2 > st->count) return NULL;
    return st->names[id / 2 - 1];
}

static inline void lateral_idclose(void *state) {
    lateral_idstate *st = state;
    for (size_t i = 0; i < st->count; i++) free(st->names[i]);
    free(st->names);
    free(st->slots);
    free(st);
}

static inline void lateral_idregister(void *state, int objtype, void *obj) {
    (void)state; (void)objtype; (void)obj;
}

static Agiddisc_t lateral_iddisc = {
    lateral_idopen, lateral_idmap, lateral_idalloc, lateral_idfree, lateral_idprint, lateral_idclose, lateral_idregister
};

/* Parses DOT text with the deterministic ID discipline. Returns NULL on error. */
static inline Agraph_t *lateral_read_dot(const char *text, size_t length) {
    FILE *file = fmemopen((void *)text, length, "r");
    if (!file) return NULL;
    Agdisc_t disc = { &AgMemDisc, &lateral_iddisc, &AgIoDisc };
    agreadline(1); /* the lexer's line counter is global: restart it per document */
    Agraph_t *graph = agread(file, &disc);
    fclose(file);
    return graph;
}

#endif
