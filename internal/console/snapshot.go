package console

import (
	"context"
	"strconv"
	"sync"

	"golang.org/x/sync/singleflight"
)

// snapshot is one catalog type's list, read once and shared: during a refresh the first read of
// a type fetches every page, and every later read of that type is served from it, so refreshing
// N objects costs a few list calls instead of N reads. Concurrent first reads share one fetch.
// A mutation of the type invalidates it; a fetch that was in flight across a mutation is used by
// the readers that were waiting for it but is not kept (its generation is stale).
type snapshot[T any] struct {
	mu    sync.Mutex
	gen   uint64
	items []T
	valid bool
	group singleflight.Group
	// onMiss, when set, is called by every reader that found no snapshot, before it joins or
	// starts a fetch: tests use it to know that concurrent readers are all waiting.
	onMiss func()
}

// get returns the snapshot, fetching it when there is none.
func (s *snapshot[T]) get(ctx context.Context, fetch func(context.Context) ([]T, error)) ([]T, error) {
	s.mu.Lock()
	if s.valid {
		items := s.items
		s.mu.Unlock()
		return items, nil
	}
	gen := s.gen
	s.mu.Unlock()
	if s.onMiss != nil {
		s.onMiss()
	}

	// The fetch is shared, so one reader's cancellation must not fail the others: it runs on a
	// context that is not cancelled with the first reader's (the tool caller bounds each call),
	// and every reader waits only as long as its own context allows.
	shared := context.WithoutCancel(ctx)
	ch := s.group.DoChan(strconv.FormatUint(gen, 10), func() (any, error) {
		// A reader that missed just before a fetch of this generation finished finds it here
		// instead of fetching again.
		if items, ok := s.currentOf(gen); ok {
			return items, nil
		}
		items, err := fetch(shared)
		if err != nil {
			return nil, err
		}
		s.store(gen, items)
		return items, nil
	})
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		items, _ := r.Val.([]T)
		return items, nil
	}
}

// refresh fetches the list now, for a reader that asked for fresh reads, and keeps it.
func (s *snapshot[T]) refresh(ctx context.Context, fetch func(context.Context) ([]T, error)) ([]T, error) {
	s.mu.Lock()
	gen := s.gen
	s.mu.Unlock()
	items, err := fetch(ctx)
	if err != nil {
		return nil, err
	}
	s.store(gen, items)
	return items, nil
}

// replace updates one object of a valid snapshot in place (after a fresh single-object read),
// so that later snapshot reads do not go back in time.
func (s *snapshot[T]) replace(item T, same func(T) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.valid {
		return
	}
	items := make([]T, len(s.items))
	copy(items, s.items)
	for i := range items {
		if same(items[i]) {
			items[i] = item
		}
	}
	s.items = items
}

// currentOf returns the snapshot if it is valid and of generation gen.
func (s *snapshot[T]) currentOf(gen uint64) ([]T, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.items, s.valid && s.gen == gen
}

func (s *snapshot[T]) store(gen uint64, items []T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gen == gen {
		s.items, s.valid = items, true
	}
}

// invalidate forgets the snapshot; the next read fetches a new one.
func (s *snapshot[T]) invalidate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	s.items, s.valid = nil, false
}
