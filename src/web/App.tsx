import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { I18nProvider, useI18n } from './shared/i18n.js';
import { SessionProvider } from './shared/session.js';
import { Shell } from './shared/Shell.js';
import { RequireScreen } from './shared/Forbidden.js';
import { VerifyLicencePage } from './licences/VerifyLicencePage.js';
import { MyLicencesPage } from './licences/MyLicencesPage.js';
import { VerifyDocumentPage } from './licences/VerifyDocumentPage.js';
import { PortalHome } from './public/PortalHome.js';
import { SearchPage } from './public/SearchPage.js';
import { GuidePage } from './public/GuidePage.js';
import { GuidePrint } from './public/GuidePrint.js';
import { LoginPage } from './public/LoginPage.js';
import { RegisterPage } from './public/RegisterPage.js';
import { ForgotPasswordPage } from './public/ForgotPasswordPage.js';
import { ClaimAccountPage } from './public/ClaimAccountPage.js';
import { VALIDATE_MESSAGES } from './shared/validate-messages.js';
import { AccountSecurityPage } from './public/AccountSecurityPage.js';
import { WorkbenchHome } from './workbench/WorkbenchHome.js';
import { IntakePage } from './workbench/IntakePage.js';
import { CaseWorkPage } from './workbench/CaseWorkPage.js';
import { ApplyPage } from './public/ApplyPage.js';
import { MyCases, MyCaseDetail } from './public/MyCases.js';
import { MyMaterialsPage } from './public/MyMaterialsPage.js';
import { ProfilePage } from './public/ProfilePage.js';
import { ProgressPage } from './public/ProgressPage.js';
import { AdminHome } from './admin/AdminHome.js';
import { BundleList } from './bundles/BundleList.js';
import { BundleGuidePage } from './bundles/BundleGuidePage.js';
import { BundleApplyPage } from './bundles/BundleApplyPage.js';
import { MyBundlePage } from './bundles/MyBundlePage.js';
import { WorkBundlePage } from './bundles/WorkBundlePage.js';
import { KioskTicketPage } from './hall/KioskTicketPage.js';
import { KioskShell } from './kiosk/KioskShell.js';
import { KioskHome } from './kiosk/KioskHome.js';
import { KioskIdentifyPage } from './kiosk/KioskIdentifyPage.js';
import { KioskCasesPage } from './kiosk/KioskCasesPage.js';
import { KioskApplyPage } from './kiosk/KioskApplyPage.js';
import { CallScreenPage } from './hall/CallScreenPage.js';
import { TicketPositionPage } from './hall/TicketPositionPage.js';
import { WindowDeskPage } from './hall/WindowDeskPage.js';
import { BookingPage, MyBookingsPage } from './hall/BookingPage.js';
import { RankingsPage } from './public/RankingsPage.js';
import { PublicRatingsPage } from './ratings/PublicRatings.js';
import { MyDataAccessPage } from './data-sharing/MyDataAccessPage.js';
import { HallFiguresPage } from './hall/HallFiguresPage.js';
import { RateByLinkPage } from './ratings/RateByLinkPage.js';
import { RectificationsPage } from './accountability/RectificationsPage.js';
import { SupervisionBoardPage } from './accountability/SupervisionBoardPage.js';
import { ScorecardsPage } from './scorecards/ScorecardsPage.js';
import { AgentsPage } from './agents/AgentsPage.js';

function Localized() {
  const { lang, elderly } = useI18n();
  // 适老化: large type and high contrast for older and low-vision users.
  const token = elderly
    ? { colorPrimary: '#a00016', colorLink: '#003a8c', borderRadius: 6, fontSize: 18, colorText: '#000000', colorTextSecondary: '#1f1f1f', colorTextDescription: '#262626', colorBorder: '#434343', controlHeight: 44 }
    : { colorPrimary: '#c8102e', colorLink: '#0a4fb5', borderRadius: 6, colorTextDescription: 'rgba(0,0,0,0.62)', colorTextSecondary: 'rgba(0,0,0,0.65)' };
  return (
    <ConfigProvider locale={lang === 'zh-CN' ? zhCN : enUS} theme={{ token }} form={{ validateMessages: VALIDATE_MESSAGES[lang === 'zh-CN' ? 'zh-CN' : 'en-US'] }}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/items/:implId/print" element={<GuidePrint />} />
              <Route path="/hall/kiosk" element={<KioskTicketPage />} />
              <Route path="/kiosk" element={<KioskShell />}>
                <Route index element={<KioskHome />} />
                <Route path="identify" element={<KioskIdentifyPage />} />
                <Route path="cases" element={<KioskCasesPage />} />
                <Route path="apply" element={<KioskApplyPage />} />
                <Route path="ticket" element={<KioskTicketPage />} />
              </Route>
              <Route path="/rate/:token" element={<RateByLinkPage />} />
              <Route path="/hall/screen/:hallId" element={<CallScreenPage />} />
              <Route path="/hall/ticket/:token" element={<TicketPositionPage />} />
              <Route element={<Shell />}>
                <Route path="/" element={<PortalHome />} />
                <Route path="/search" element={<SearchPage />} />
                <Route path="/items/:implId" element={<GuidePage />} />
                <Route path="/bundles" element={<BundleList />} />
                <Route path="/bundles/:bundleId" element={<BundleGuidePage />} />
                <Route path="/bundles/:bundleId/apply" element={<BundleApplyPage />} />
                <Route path="/my/bundles/:bundleCaseId" element={<RequireScreen screen="my"><MyBundlePage /></RequireScreen>} />
                <Route path="/workbench/bundles/:bundleCaseId" element={<RequireScreen screen="workbench"><WorkBundlePage /></RequireScreen>} />
                <Route path="/login" element={<LoginPage />} />
                <Route path="/register" element={<RegisterPage />} />
                <Route path="/forgot-password" element={<ForgotPasswordPage />} />
                <Route path="/claim-account" element={<ClaimAccountPage />} />
                <Route path="/account/security" element={<AccountSecurityPage />} />
                <Route path="/apply/:implId" element={<ApplyPage />} />
                <Route path="/hall/book" element={<RequireScreen screen="my"><BookingPage /></RequireScreen>} />
                <Route path="/hall/figures" element={<RequireScreen screen="admin.hall"><HallFiguresPage /></RequireScreen>} />
                <Route path="/my/bookings" element={<RequireScreen screen="my"><MyBookingsPage /></RequireScreen>} />
                <Route path="/my/cases" element={<RequireScreen screen="my"><MyCases /></RequireScreen>} />
                <Route path="/my/cases/:caseId" element={<RequireScreen screen="my"><MyCaseDetail /></RequireScreen>} />
                <Route path="/me/data-access" element={<RequireScreen screen="my"><MyDataAccessPage /></RequireScreen>} />
                <Route path="/me/materials" element={<RequireScreen screen="my"><MyMaterialsPage /></RequireScreen>} />
                <Route path="/me/profile" element={<RequireScreen screen="my"><ProfilePage /></RequireScreen>} />
                <Route path="/me/agents" element={<RequireScreen screen="my"><AgentsPage /></RequireScreen>} />
                <Route path="/progress" element={<ProgressPage />} />
                <Route path="/rankings" element={<RankingsPage />} />
                <Route path="/ratings" element={<PublicRatingsPage />} />
                <Route path="/licences/verify" element={<VerifyLicencePage />} />
                <Route path="/documents/verify" element={<VerifyDocumentPage />} />
                <Route path="/me/licences" element={<RequireScreen screen="my"><MyLicencesPage /></RequireScreen>} />
                <Route path="/workbench" element={<WorkbenchHome />} />
                <Route path="/workbench/intake" element={<RequireScreen screen="workbench.intake"><IntakePage /></RequireScreen>} />
                <Route path="/workbench/hall" element={<RequireScreen screen="workbench.intake"><WindowDeskPage /></RequireScreen>} />
                <Route path="/workbench/cases/:caseId" element={<RequireScreen screen="workbench"><CaseWorkPage /></RequireScreen>} />
                <Route path="/workbench/rectifications" element={<RequireScreen screen="accountability"><RectificationsPage /></RequireScreen>} />
                <Route path="/workbench/scorecards" element={<RequireScreen screen="scorecards"><ScorecardsPage /></RequireScreen>} />
                <Route path="/workbench/supervision" element={<RequireScreen screen="supervision"><SupervisionBoardPage /></RequireScreen>} />
                <Route path="/admin/*" element={<AdminHome />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Localized />
    </I18nProvider>
  );
}
