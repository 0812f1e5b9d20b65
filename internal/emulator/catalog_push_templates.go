package emulator

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
)

// pushTemplateCodePattern: the code the partner chooses; the console prefixes it with the app
// name to make the templateSetCode (reference §5.1, "moneytermi-DAILY_TERM_PUSH").
var pushTemplateCodePattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]{1,49}$`)

// Length limits of api/openapi.yaml; the console's own are not published.
const (
	maxTemplateNameRunes = 100
	maxTemplateBodyRunes = 2000
)

// pushTemplate is a 기능성 캠페인 template: what send-message refers to by templateSetCode.
type pushTemplate struct {
	Seq               int64  `json:"seq"`
	Code              string `json:"code"`
	TemplateSetCode   string `json:"templateSetCode"`
	Name              string `json:"name"`
	Title             string `json:"title"`
	Body              string `json:"body"`
	LandingURL        string `json:"landingUrl,omitempty"`
	AgreementRequired bool   `json:"agreementRequired"`
	Review            review `json:"review"`
}

// pushTemplateView is the wire form; absent optional fields are omitted.
type pushTemplateView struct {
	Code              string `json:"code"`
	TemplateSetCode   string `json:"templateSetCode"`
	Name              string `json:"name"`
	Title             string `json:"title"`
	Body              string `json:"body"`
	LandingURL        string `json:"landingUrl,omitempty"`
	AgreementRequired bool   `json:"agreementRequired"`
	ReviewStatus      string `json:"reviewStatus"`
	ReviewComment     string `json:"reviewComment,omitempty"`
}

func (t *pushTemplate) view() pushTemplateView {
	return pushTemplateView{Code: t.Code, TemplateSetCode: t.TemplateSetCode, Name: t.Name, Title: t.Title,
		Body: t.Body, LandingURL: t.LandingURL, AgreementRequired: t.AgreementRequired,
		ReviewStatus: t.Review.Status, ReviewComment: t.Review.Comment}
}

// pushTemplateInput is the body of POST and PUT. body may hold {{variable}} placeholders.
type pushTemplateInput struct {
	Code              *string `json:"code"`
	Name              *string `json:"name"`
	Title             *string `json:"title"`
	Body              *string `json:"body"`
	LandingURL        *string `json:"landingUrl"`
	AgreementRequired *bool   `json:"agreementRequired"`
}

func (in pushTemplateInput) validateWritable() error {
	if err := requiredText("name", in.Name, maxTemplateNameRunes); err != nil {
		return err
	}
	if err := requiredText("title", in.Title, maxTemplateNameRunes); err != nil {
		return err
	}
	if err := requiredText("body", in.Body, maxTemplateBodyRunes); err != nil {
		return err
	}
	if in.LandingURL != nil && *in.LandingURL != "" {
		return checkLandingURL("landingUrl", *in.LandingURL)
	}
	return nil
}

func (in pushTemplateInput) applyTo(t *pushTemplate) {
	t.Name, t.Title, t.Body = *in.Name, *in.Title, *in.Body
	t.LandingURL = deref(in.LandingURL)
	t.AgreementRequired = deref(in.AgreementRequired)
}

func (e *Emulator) listPushTemplates(c *call) (any, error) {
	return e.withApp(c, func(a *appState) (any, error) {
		return listPage(c, slices.Collect(maps.Values(a.PushTemplates)),
			func(t *pushTemplate) int64 { return t.Seq }, func(t *pushTemplate) any { return t.view() })
	})
}

func (e *Emulator) createPushTemplate(c *call) (any, error) {
	var in pushTemplateInput
	if err := decodeBody(c.body, &in); err != nil {
		return nil, err
	}
	if in.Code == nil || !pushTemplateCodePattern.MatchString(*in.Code) {
		return nil, invalidParameter("code", "code는 영문 대문자로 시작하고 대문자, 숫자, _ 로 된 2~50자여야 해요. (^[A-Z][A-Z0-9_]{1,49}$)")
	}
	if err := in.validateWritable(); err != nil {
		return nil, err
	}
	return e.withApp(c, func(a *appState) (any, error) {
		setCode := c.app + "-" + *in.Code
		if _, exists := a.PushTemplates[setCode]; exists {
			ae := conflict(fmt.Sprintf("푸시 템플릿 %s이(가) 이미 있어요.", setCode))
			ae.Data = map[string]any{"field": "code"}
			return nil, ae
		}
		t := &pushTemplate{Seq: e.st.nextSeq(), Code: *in.Code, TemplateSetCode: setCode}
		in.applyTo(t)
		t.Review.submit(c.now)
		e.settle(&t.Review, c.now, nil)
		a.PushTemplates[setCode] = t
		return t.view(), nil
	})
}

func (a *appState) pushTemplate(c *call) (*pushTemplate, error) {
	code := c.r.PathValue("templateSetCode")
	t, ok := a.PushTemplates[code]
	if !ok {
		return nil, notFound(fmt.Sprintf("푸시 템플릿 %s을(를) 찾을 수 없어요.", code))
	}
	return t, nil
}

func (e *Emulator) getPushTemplate(c *call) (any, error) {
	return e.withApp(c, func(a *appState) (any, error) {
		t, err := a.pushTemplate(c)
		if err != nil {
			return nil, err
		}
		return t.view(), nil
	})
}

// updatePushTemplate replaces the writable fields and submits the template for review again.
// code is fixed by the path; a different one in the body is refused.
func (e *Emulator) updatePushTemplate(c *call) (any, error) {
	var in pushTemplateInput
	if err := decodeBody(c.body, &in); err != nil {
		return nil, err
	}
	if err := in.validateWritable(); err != nil {
		return nil, err
	}
	return e.withApp(c, func(a *appState) (any, error) {
		t, err := a.pushTemplate(c)
		if err != nil {
			return nil, err
		}
		if in.Code != nil && *in.Code != t.Code {
			return nil, invalidParameter("code", "code는 바꿀 수 없어요. 새 템플릿으로 만들어 주세요.")
		}
		in.applyTo(t)
		t.Review.submit(c.now)
		e.settle(&t.Review, c.now, nil)
		return t.view(), nil
	})
}

// deletePushTemplate deletes for good; the answer is the template as it was.
func (e *Emulator) deletePushTemplate(c *call) (any, error) {
	return e.withApp(c, func(a *appState) (any, error) {
		t, err := a.pushTemplate(c)
		if err != nil {
			return nil, err
		}
		delete(a.PushTemplates, t.TemplateSetCode)
		return t.view(), nil
	})
}
