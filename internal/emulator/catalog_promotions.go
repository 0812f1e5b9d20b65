package emulator

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// Promotion status (design.md "States"): READY = not started; only an APPROVED promotion can go
// RUNNING; ENDED (DELETE, or budget spent) is terminal.
const (
	promotionReady   = "READY"
	promotionRunning = "RUNNING"
	promotionStopped = "STOPPED"
	promotionEnded   = "ENDED"

	grantFixed     = "FIXED"
	grantRandomMax = "RANDOM_MAX"

	// maxPointsPerUserPerDay is the console's cap (reference §6.1: max 5,000 points per person).
	maxPointsPerUserPerDay = 5000
	missionNameSuffix      = "하기"
	maxPromotionTextRunes  = 100
)

// promotion is a 프로모션 (Toss points campaign). The runtime endpoints (get-key,
// execute-promotion, execution-result) spend the same budget.
type promotion struct {
	Seq                    int64  `json:"seq"`
	PromotionCode          string `json:"promotionCode"`
	Name                   string `json:"name"`
	MissionName            string `json:"missionName"`
	BenefitTabExposed      bool   `json:"benefitTabExposed"`
	LandingURL             string `json:"landingUrl"`
	TotalBudget            int64  `json:"totalBudget"`
	MaxAmountPerUserPerDay int64  `json:"maxAmountPerUserPerDay"`
	GrantType              string `json:"grantType"`
	Amount                 int64  `json:"amount"`
	Status                 string `json:"status"`
	BudgetUsed             int64  `json:"budgetUsed"`
	Review                 review `json:"review"`
}

type promotionView struct {
	PromotionCode          string `json:"promotionCode"`
	Name                   string `json:"name"`
	MissionName            string `json:"missionName"`
	BenefitTabExposed      bool   `json:"benefitTabExposed"`
	LandingURL             string `json:"landingUrl,omitempty"`
	TotalBudget            int64  `json:"totalBudget"`
	MaxAmountPerUserPerDay int64  `json:"maxAmountPerUserPerDay"`
	GrantType              string `json:"grantType"`
	Amount                 int64  `json:"amount"`
	Status                 string `json:"status"`
	ReviewStatus           string `json:"reviewStatus"`
	ReviewComment          string `json:"reviewComment,omitempty"`
	BudgetUsed             int64  `json:"budgetUsed"`
}

func (p *promotion) view() promotionView {
	return promotionView{PromotionCode: p.PromotionCode, Name: p.Name, MissionName: p.MissionName,
		BenefitTabExposed: p.BenefitTabExposed, LandingURL: p.LandingURL, TotalBudget: p.TotalBudget,
		MaxAmountPerUserPerDay: p.MaxAmountPerUserPerDay, GrantType: p.GrantType, Amount: p.Amount,
		Status: p.Status, ReviewStatus: p.Review.Status, ReviewComment: p.Review.Comment, BudgetUsed: p.BudgetUsed}
}

type promotionInput struct {
	Name                   *string `json:"name"`
	MissionName            *string `json:"missionName"`
	BenefitTabExposed      *bool   `json:"benefitTabExposed"`
	LandingURL             *string `json:"landingUrl"`
	TotalBudget            *int64  `json:"totalBudget"`
	MaxAmountPerUserPerDay *int64  `json:"maxAmountPerUserPerDay"`
	GrantType              *string `json:"grantType"`
	Amount                 *int64  `json:"amount"`
}

// validate applies the console's form rules (reference §6.1).
func (in promotionInput) validate() error {
	if err := requiredText("name", in.Name, maxPromotionTextRunes); err != nil {
		return err
	}
	if err := requiredText("missionName", in.MissionName, maxPromotionTextRunes); err != nil {
		return err
	}
	if !strings.HasSuffix(*in.MissionName, missionNameSuffix) || utf8.RuneCountInString(*in.MissionName) < 3 {
		return invalidParameter("missionName", "missionName은 '하기'로 끝나는 미션 이름이어야 해요. (예: 출석체크하기)")
	}
	if in.LandingURL != nil && *in.LandingURL != "" {
		if err := checkLandingURL("landingUrl", *in.LandingURL); err != nil {
			return err
		}
	}
	if in.TotalBudget == nil || *in.TotalBudget <= 0 {
		return invalidParameter("totalBudget", "totalBudget은 양의 정수여야 해요.")
	}
	if in.MaxAmountPerUserPerDay == nil || *in.MaxAmountPerUserPerDay < 1 || *in.MaxAmountPerUserPerDay > maxPointsPerUserPerDay {
		return invalidParameter("maxAmountPerUserPerDay", "maxAmountPerUserPerDay는 1 이상 5,000 이하여야 해요.")
	}
	if in.GrantType == nil || (*in.GrantType != grantFixed && *in.GrantType != grantRandomMax) {
		return invalidParameter("grantType", "grantType은 FIXED 또는 RANDOM_MAX예요.")
	}
	if in.Amount == nil || *in.Amount < 1 || *in.Amount > *in.MaxAmountPerUserPerDay {
		return invalidParameter("amount", "amount는 1 이상 maxAmountPerUserPerDay 이하여야 해요.")
	}
	if *in.Amount > *in.TotalBudget {
		return invalidParameter("amount", "amount는 totalBudget을 넘을 수 없어요.")
	}
	return nil
}

func (in promotionInput) applyTo(p *promotion) {
	p.Name, p.MissionName, p.LandingURL = *in.Name, *in.MissionName, deref(in.LandingURL)
	p.TotalBudget, p.MaxAmountPerUserPerDay = *in.TotalBudget, *in.MaxAmountPerUserPerDay
	p.GrantType, p.Amount = *in.GrantType, *in.Amount
}

func (e *Emulator) listPromotions(c *call) (any, error) {
	return e.withApp(c, func(a *appState) (any, error) {
		return listPage(c, slices.Collect(maps.Values(a.Promotions)),
			func(p *promotion) int64 { return p.Seq }, func(p *promotion) any { return p.view() })
	})
}

// createPromotion registers a promotion (READY, IN_REVIEW) with a fresh ULID promotionCode.
func (e *Emulator) createPromotion(c *call) (any, error) {
	var in promotionInput
	if err := decodeBody(c.body, &in); err != nil {
		return nil, err
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	return e.withApp(c, func(a *appState) (any, error) {
		p := &promotion{Seq: e.st.nextSeq(), PromotionCode: newULID(c.now), Status: promotionReady,
			BenefitTabExposed: deref(in.BenefitTabExposed)}
		in.applyTo(p)
		p.Review.submit(c.now)
		e.settle(&p.Review, c.now, nil)
		a.Promotions[p.PromotionCode] = p
		return p.view(), nil
	})
}

func (a *appState) promotion(c *call) (*promotion, error) {
	code := c.r.PathValue("promotionCode")
	p, ok := a.Promotions[code]
	if !ok {
		return nil, notFound(fmt.Sprintf("프로모션 %s을(를) 찾을 수 없어요.", code))
	}
	return p, nil
}

func (e *Emulator) getPromotion(c *call) (any, error) {
	return e.withApp(c, func(a *appState) (any, error) {
		p, err := a.promotion(c)
		if err != nil {
			return nil, err
		}
		return p.view(), nil
	})
}

// updatePromotion replaces the writable fields and submits the promotion for review again; its
// run status is kept. benefitTabExposed cannot be changed after registration (reference §6.1),
// and the budget cannot drop below what is already spent.
func (e *Emulator) updatePromotion(c *call) (any, error) {
	var in promotionInput
	if err := decodeBody(c.body, &in); err != nil {
		return nil, err
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	return e.withApp(c, func(a *appState) (any, error) {
		p, err := a.promotion(c)
		if err != nil {
			return nil, err
		}
		if p.Status == promotionEnded {
			return nil, conflict("종료된(ENDED) 프로모션은 바꿀 수 없어요.")
		}
		if in.BenefitTabExposed != nil && *in.BenefitTabExposed != p.BenefitTabExposed {
			return nil, invalidParameter("benefitTabExposed", "benefitTabExposed는 등록한 뒤에는 바꿀 수 없어요.")
		}
		if *in.TotalBudget < p.BudgetUsed {
			return nil, invalidParameter("totalBudget", fmt.Sprintf("totalBudget은 이미 쓴 예산(%d)보다 작을 수 없어요.", p.BudgetUsed))
		}
		in.applyTo(p)
		p.Review.submit(c.now)
		e.settle(&p.Review, c.now, nil)
		return p.view(), nil
	})
}

// changePromotionStatus starts (RUNNING) or stops (STOPPED) a promotion. Asking for the status
// it already has succeeds without change.
func (e *Emulator) changePromotionStatus(c *call) (any, error) {
	var req struct {
		Status *string `json:"status"`
	}
	if err := decodeBody(c.body, &req); err != nil {
		return nil, err
	}
	want := deref(req.Status)
	if want != promotionRunning && want != promotionStopped {
		return nil, invalidParameter("status", "status는 RUNNING 또는 STOPPED예요.")
	}
	return e.withApp(c, func(a *appState) (any, error) {
		p, err := a.promotion(c)
		if err != nil {
			return nil, err
		}
		switch {
		case p.Status == want:
		case p.Status == promotionEnded:
			return nil, conflict("종료된(ENDED) 프로모션은 다시 시작하거나 멈출 수 없어요.")
		case want == promotionRunning && p.Review.Status != reviewApproved:
			return nil, conflict(fmt.Sprintf("승인된(APPROVED) 프로모션만 시작할 수 있어요. 지금 검토 상태는 %s예요.", p.Review.Status))
		case want == promotionStopped && p.Status == promotionReady:
			return nil, conflict("시작하지 않은 프로모션이에요. 진행 중(RUNNING)인 프로모션만 멈출 수 있어요.")
		default:
			p.Status = want
		}
		return p.view(), nil
	})
}

// deletePromotion ends the promotion: ENDED is terminal, and it stays listed and readable.
func (e *Emulator) deletePromotion(c *call) (any, error) {
	return e.withApp(c, func(a *appState) (any, error) {
		p, err := a.promotion(c)
		if err != nil {
			return nil, err
		}
		p.Status = promotionEnded
		return p.view(), nil
	})
}
