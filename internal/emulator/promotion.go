package emulator

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Promotion runtime (reference §6.2–6.5).
const (
	promotionKeyTTL = time.Hour
	// grantRetention is how long execution-result can still find a grant.
	grantRetention = 7 * 24 * time.Hour
	// testPromotionPrefix makes the TEST_ twin of a code: it grants nothing and spends no budget.
	testPromotionPrefix = "TEST_"

	grantSuccess = "SUCCESS"
	grantPending = "PENDING"
)

// promotionKey is a grant key from get-key: 32 random bytes, Base64, one hour, single use.
type promotionKey struct {
	UserKey   int64     `json:"userKey,omitempty"` // 0 when get-key was called without a user (OAS form)
	ExpiresAt time.Time `json:"expiresAt"`
	Used      bool      `json:"used,omitempty"`
}

// grant is one execute-promotion that went through.
type grant struct {
	PromotionCode string    `json:"promotionCode"` // as sent, TEST_ prefix included
	UserKey       int64     `json:"userKey"`
	Amount        int64     `json:"amount"`
	ExecutedAt    time.Time `json:"executedAt"`
}

// dailyGrant is what one user received from one promotion on one KST day.
type dailyGrant struct {
	Day    time.Time `json:"day"`
	Amount int64     `json:"amount"`
}

func promotionError(code, reason string) error { return businessError(code, reason) }

// promotionUser is the calling user of a promotion call, after the per-user limit.
func (e *Emulator) promotionUser(c *call, required bool) (*user, error) {
	e.mu.Lock()
	a := e.st.app(c.app)
	if !required && c.r.Header.Get(headerUserKey) == "" && c.r.Header.Get(headerAnonKey) == "" {
		e.mu.Unlock()
		return nil, nil
	}
	u, err := a.userFromHeaders(c.r, true, unknownUser401)
	e.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if err := e.checkUserLimit(c, familyPromotion, u.UserKey); err != nil {
		return nil, err
	}
	return u, nil
}

// getPromotionKey issues a grant key. The guide sends x-toss-user-key, the OAS nothing
// (reference §10.4): both are accepted; a key issued to a user only works for that user.
func (e *Emulator) getPromotionKey(c *call) (any, error) {
	var ignored map[string]any
	if err := decodeOptionalBody(c.body, &ignored); err != nil {
		return nil, err
	}
	u, err := e.promotionUser(c, false)
	if err != nil {
		return nil, err
	}
	return e.withApp(c, func(a *appState) (any, error) {
		key := base64.StdEncoding.EncodeToString(randomBytes(32))
		pk := &promotionKey{ExpiresAt: c.now.Add(promotionKeyTTL)}
		if u != nil {
			pk.UserKey = u.UserKey
		}
		a.PromotionKeys[key] = pk
		return map[string]any{"key": key}, nil
	})
}

// executePromotion grants points. Checks, in order: promotion known (4100), key valid and unused
// (4113 when used), promotion running (4109; the TEST_ twin runs in any state but ENDED),
// amount within the whole budget (4116), within the per-grant amount and the per-user daily cap
// (4114), within the remaining budget (4112), user grantable (4110). A real grant spends the
// budget; spending all of it ends the promotion.
func (e *Emulator) executePromotion(c *call) (any, error) {
	var req struct {
		PromotionCode *string `json:"promotionCode"`
		Key           *string `json:"key"`
		Amount        *int64  `json:"amount"`
	}
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	if deref(req.PromotionCode) == "" {
		return nil, invalidParameter("promotionCode", "promotionCode가 필요해요.")
	}
	if deref(req.Key) == "" {
		return nil, invalidParameter("key", "key가 필요해요.")
	}
	if req.Amount == nil || *req.Amount <= 0 {
		return nil, invalidParameter("amount", "amount는 양의 정수여야 해요.")
	}
	u, err := e.promotionUser(c, true)
	if err != nil {
		return nil, err
	}
	return e.withApp(c, func(a *appState) (any, error) {
		code, test := strings.CutPrefix(*req.PromotionCode, testPromotionPrefix)
		p, ok := a.Promotions[code]
		if !ok {
			return nil, promotionError("4100", "프로모션 정보를 찾을 수 없어요.")
		}
		pk, ok := a.PromotionKeys[*req.Key]
		if !ok || !c.now.Before(pk.ExpiresAt) || (pk.UserKey != 0 && pk.UserKey != u.UserKey) {
			return nil, invalidParameter("key", "key가 없거나 만료되었거나 다른 사용자의 키예요. get-key로 새 키를 받아 주세요.")
		}
		if pk.Used {
			return nil, promotionError("4113", "이미 지급/회수된 내역이에요.")
		}
		amount := *req.Amount
		dayKey := dailyKey(p.PromotionCode, u.UserKey, c.now)
		switch {
		case p.Status == promotionEnded || (!test && p.Status != promotionRunning):
			return nil, promotionError("4109", "프로모션이 실행중이 아니에요.")
		case amount > p.TotalBudget:
			return nil, promotionError("4116", "최대 지급 금액이 예산을 초과했어요.")
		case amount > p.Amount:
			return nil, promotionError("4114", "1회 지급 금액을 초과했어요.")
		case !test && a.grantedToday(dayKey)+amount > p.MaxAmountPerUserPerDay:
			return nil, promotionError("4114", fmt.Sprintf("1인 하루 최대 지급 금액(%d)을 초과했어요.", p.MaxAmountPerUserPerDay))
		case !test && amount > p.TotalBudget-p.BudgetUsed:
			return nil, promotionError("4112", "프로모션 머니가 부족해요.")
		case u.RewardBlocked:
			return nil, promotionError("4110", "리워드를 지급/회수할 수 없어요.")
		}
		pk.Used = true
		a.Grants[*req.Key] = &grant{PromotionCode: *req.PromotionCode, UserKey: u.UserKey, Amount: amount, ExecutedAt: c.now}
		if !test {
			a.addGrantedToday(dayKey, amount, c.now)
			p.BudgetUsed += amount
			if p.BudgetUsed >= p.TotalBudget {
				p.Status = promotionEnded // auto-end at 100 % (reference §6.1)
			}
		}
		return map[string]any{"key": *req.Key}, nil
	})
}

// executionResult reports a grant: a bare string payload, PENDING until PromotionSettleDelay has
// passed, then SUCCESS. 4111 when no grant exists for the key (or for this code or user).
func (e *Emulator) executionResult(c *call) (any, error) {
	var req struct {
		PromotionCode *string `json:"promotionCode"`
		Key           *string `json:"key"`
	}
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	if deref(req.PromotionCode) == "" {
		return nil, invalidParameter("promotionCode", "promotionCode가 필요해요.")
	}
	if deref(req.Key) == "" {
		return nil, invalidParameter("key", "key가 필요해요.")
	}
	u, err := e.promotionUser(c, true)
	if err != nil {
		return nil, err
	}
	return e.withApp(c, func(a *appState) (any, error) {
		g, ok := a.Grants[*req.Key]
		if !ok || g.PromotionCode != *req.PromotionCode || g.UserKey != u.UserKey {
			return nil, promotionError("4111", "리워드 지급내역을 찾을 수 없어요.")
		}
		if c.now.Before(g.ExecutedAt.Add(e.cfg.PromotionSettleDelay)) {
			return grantPending, nil
		}
		return grantSuccess, nil
	})
}

// dailyKey groups grants by promotion, user and KST calendar day.
func dailyKey(code string, userKey int64, now time.Time) string {
	return code + "/" + strconv.FormatInt(userKey, 10) + "/" + now.In(kst).Format("20060102")
}

func (a *appState) grantedToday(key string) int64 {
	if d, ok := a.DailyGranted[key]; ok {
		return d.Amount
	}
	return 0
}

func (a *appState) addGrantedToday(key string, amount int64, now time.Time) {
	d, ok := a.DailyGranted[key]
	if !ok {
		d = &dailyGrant{Day: now}
		a.DailyGranted[key] = d
	}
	d.Amount += amount
}
