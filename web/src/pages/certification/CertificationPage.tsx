import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Divider,
  Flex,
  Form,
  Input,
  Row,
  Skeleton,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useEffect, useMemo } from 'react';
import { Link } from 'react-router';
import {
  AUTHORISATION_TEMPLATE_PATH,
  type Certification,
  type CertificationInput,
  claimsKey,
  ownCertificationKey,
  type StoredFile,
  submitCertification,
  uploadCertificationFile,
  useCreditCodeListing,
  useOwnCertification,
} from '../../api/enterprise';
import { DocumentUpload } from '../../components/files/DocumentUpload';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { isCreditCodeShape, normaliseCreditCode } from '../../lib/creditCode';
import { withoutFinalStop } from '../../lib/text';
import { formatDateTime } from '../../lib/time';
import { useFormSubmission } from '../../lib/useFormSubmission';

interface CertValues {
  enterpriseName: string;
  creditCode: string;
  legalRepresentative: string;
  address: string;
  contactName: string;
  contactPhone: string;
  agentName: string;
  agentIdNumber?: string;
  agentMobile?: string;
  licenceFile?: StoredFile;
  authorisationFile?: StoredFile;
}

const STATUS_COLOR = {
  none: 'default',
  submitted: 'processing',
  returned: 'warning',
  approved: 'success',
} as const;
const ID_NUMBER = /^\d{17}[\dXx]$/;
const MOBILE = /^1\d{10}$/;
const PHONE = /^[0-9+\-() ]{7,20}$/;

/** Every round, newest first, with the Data Bureau's decision. */
function RoundHistory({ certification }: { certification: Certification }) {
  const t = useT();
  return (
    <Timeline
      items={certification.rounds.map((round) => ({
        color:
          round.decision === 'approved'
            ? 'success'
            : round.decision === 'returned'
              ? 'orange'
              : 'blue',
        content: (
          <Flex vertical gap={2}>
            <Typography.Text strong>
              {t('cert.round', { round: round.roundNo })} · {round.enterpriseName}（
              {round.creditCode}）
            </Typography.Text>
            <Typography.Text type="secondary">
              {t('cert.roundSubmitted', { time: formatDateTime(round.submittedAt) })}
            </Typography.Text>
            {round.decision === 'returned' ? (
              <Typography.Text type="warning">
                {t('cert.roundReturned', {
                  time: formatDateTime(round.reviewedAt),
                  reason: round.reason ?? '',
                })}
              </Typography.Text>
            ) : round.decision === 'approved' ? (
              <Typography.Text type="success">
                {t('cert.roundApproved', { time: formatDateTime(round.reviewedAt) })}
              </Typography.Text>
            ) : (
              <Typography.Text>{t('cert.roundPending')}</Typography.Text>
            )}
            <Flex gap={12} wrap>
              <Typography.Link href={round.licenceFile.url} target="_blank" rel="noreferrer">
                {t('review.licence')}
              </Typography.Link>
              <Typography.Link href={round.authorisationFile.url} target="_blank" rel="noreferrer">
                {t('review.authorisation')}
              </Typography.Link>
            </Flex>
          </Flex>
        ),
      }))}
    />
  );
}

/** 企业认证 (第十条): enterprise data, the agent's real name, the stamped documents. */
export default function CertificationPage() {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const own = useOwnCertification();
  const [form] = Form.useForm<CertValues>();
  const typedCode = Form.useWatch('creditCode', form);
  const listing = useCreditCodeListing(
    typedCode && isCreditCodeShape(typedCode) ? typedCode : undefined,
  );
  const notListed = listing.isSuccess && listing.data.publishedYears.length === 0;
  const { busy, error, run } = useFormSubmission(form);

  const certification = own.data?.certification ?? null;
  const last = certification?.rounds[0];
  const resubmitting = certification?.status === 'returned' && last !== undefined;
  const status = certification?.status ?? 'none';

  const initialValues = useMemo<Partial<CertValues>>(() => {
    if (!resubmitting || !last) return {};
    return {
      enterpriseName: last.enterpriseName,
      creditCode: last.creditCode,
      legalRepresentative: last.legalRepresentative,
      address: last.address,
      contactName: last.contactName,
      contactPhone: '',
      agentName: last.agentName,
      licenceFile: last.licenceFile,
      authorisationFile: last.authorisationFile,
    };
  }, [resubmitting, last]);

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(initialValues);
  }, [form, initialValues]);

  if (own.isPending) return <Skeleton active />;
  if (own.isError) return <QueryError error={own.error} onRetry={() => own.refetch()} />;

  async function submit(values: CertValues) {
    if (!values.licenceFile || !values.authorisationFile) return;
    const phone = values.contactPhone?.trim();
    const input: CertificationInput = {
      enterpriseName: values.enterpriseName.trim(),
      creditCode: normaliseCreditCode(values.creditCode),
      legalRepresentative: values.legalRepresentative.trim(),
      address: values.address.trim(),
      contactName: values.contactName.trim(),
      // Left empty on a resubmission: the server keeps the previous round's number.
      contactPhone: phone || undefined,
      agentName: values.agentName.trim(),
      agentIdNumber: values.agentIdNumber?.trim().toUpperCase() || undefined,
      agentMobile: values.agentMobile?.trim() || undefined,
      licenceFileId: values.licenceFile.id,
      authorisationFileId: values.authorisationFile.id,
    };
    await run(async () => {
      await submitCertification(input);
      message.success(t('cert.submitted'));
      await queryClient.invalidateQueries({ queryKey: ownCertificationKey });
      await queryClient.invalidateQueries({ queryKey: claimsKey });
    });
  }

  const required = [{ required: true, whitespace: true, message: t('common.required') }];
  const keep = (value: string | undefined) =>
    resubmitting && value ? t('cert.keepPrevious', { value }) : undefined;

  return (
    <>
      <PageHeader
        title={t('feature.certification.label')}
        extra={
          <Button icon={<DownloadOutlined />} href={AUTHORISATION_TEMPLATE_PATH}>
            {t('cert.template')}
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card
            title={
              <Flex gap={8} align="center">
                {t('cert.status')}
                <Tag color={STATUS_COLOR[status]} data-testid="cert-status">
                  {t(`cert.status.${status}`)}
                </Tag>
              </Flex>
            }
            style={{ marginBottom: 16 }}
          >
            {status === 'none' ? (
              <Typography.Text>{t('feature.certification.desc')}</Typography.Text>
            ) : status === 'submitted' ? (
              <Alert type="info" showIcon title={t('cert.submittedNote')} />
            ) : status === 'returned' ? (
              <Alert
                type="warning"
                showIcon
                title={t('cert.returnedNote', { reason: withoutFinalStop(last?.reason ?? '') })}
                data-testid="cert-return-reason"
              />
            ) : (
              <Alert
                type="success"
                showIcon
                title={t('cert.approvedNote', {
                  time: formatDateTime(own.data.organisation.certifiedAt),
                })}
                action={
                  <Link to="../claim" relative="path">
                    {t('cert.goClaim')}
                  </Link>
                }
              />
            )}
          </Card>

          {own.data.canSubmit ? (
            <Card
              title={
                resubmitting
                  ? t('cert.resubmitTitle', { round: (certification?.currentRound ?? 0) + 1 })
                  : t('cert.formTitle')
              }
            >
              {error ? (
                <Alert
                  type="error"
                  showIcon
                  title={error}
                  role="alert"
                  style={{ marginBottom: 16 }}
                />
              ) : null}
              <Form form={form} layout="vertical" onFinish={submit} initialValues={initialValues}>
                <Divider titlePlacement="start">{t('cert.enterpriseSection')}</Divider>
                <Row gutter={16}>
                  <Col xs={24} md={12}>
                    <Form.Item
                      name="enterpriseName"
                      label={t('cert.enterpriseName')}
                      rules={required}
                    >
                      <Input maxLength={100} data-testid="cert-enterprise-name" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item
                      name="creditCode"
                      label={t('cert.creditCode')}
                      normalize={(value: string) => normaliseCreditCode(value ?? '')}
                      rules={[
                        { required: true, message: t('common.required') },
                        {
                          validator: (_rule, value: string | undefined) =>
                            !value || isCreditCodeShape(value)
                              ? Promise.resolve()
                              : Promise.reject(new Error(t('writeOff.creditCodeShape'))),
                        },
                      ]}
                    >
                      <Input maxLength={18} data-testid="cert-credit-code" />
                    </Form.Item>
                    {notListed ? (
                      <Alert
                        type="warning"
                        showIcon
                        title={t('cert.notListed')}
                        style={{ marginTop: -8, marginBottom: 16 }}
                        data-testid="cert-not-listed"
                      />
                    ) : null}
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item
                      name="legalRepresentative"
                      label={t('cert.legalRep')}
                      rules={required}
                    >
                      <Input maxLength={50} data-testid="cert-legal-rep" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="address" label={t('cert.address')} rules={required}>
                      <Input maxLength={200} data-testid="cert-address" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item name="contactName" label={t('cert.contactName')} rules={required}>
                      <Input maxLength={50} data-testid="cert-contact-name" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item
                      name="contactPhone"
                      label={t('cert.contactPhone')}
                      extra={keep(last?.contactPhone)}
                      rules={[
                        ...(resubmitting
                          ? []
                          : [{ required: true, message: t('common.required') }]),
                        { pattern: PHONE, message: t('cert.phoneRule') },
                      ]}
                    >
                      <Input maxLength={20} data-testid="cert-contact-phone" />
                    </Form.Item>
                  </Col>
                </Row>
                <Divider titlePlacement="start">{t('cert.agentSection')}</Divider>
                <Row gutter={16}>
                  <Col xs={24} md={8}>
                    <Form.Item name="agentName" label={t('cert.agentName')} rules={required}>
                      <Input maxLength={50} data-testid="cert-agent-name" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item
                      name="agentIdNumber"
                      label={t('cert.agentId')}
                      extra={keep(last?.agentIdNumber)}
                      rules={[
                        { required: !resubmitting, message: t('common.required') },
                        { pattern: ID_NUMBER, message: t('cert.idRule') },
                      ]}
                    >
                      <Input maxLength={18} autoComplete="off" data-testid="cert-agent-id" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item
                      name="agentMobile"
                      label={t('cert.agentMobile')}
                      extra={keep(last?.agentMobile)}
                      rules={[
                        { required: !resubmitting, message: t('common.required') },
                        { pattern: MOBILE, message: t('register.mobileRule') },
                      ]}
                    >
                      <Input maxLength={11} inputMode="numeric" data-testid="cert-agent-mobile" />
                    </Form.Item>
                  </Col>
                </Row>
                <Divider titlePlacement="start">{t('cert.documentsSection')}</Divider>
                <Row gutter={16}>
                  <Col xs={24} md={12}>
                    <Form.Item
                      name="licenceFile"
                      label={t('cert.licence')}
                      rules={[{ required: true, message: t('cert.fileRequired') }]}
                    >
                      <DocumentUpload
                        testId="cert-licence-upload"
                        upload={(file) => uploadCertificationFile(file, 'business_licence')}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item
                      name="authorisationFile"
                      label={
                        <Flex gap={8}>
                          {t('cert.authorisation')}
                          <Typography.Link href={AUTHORISATION_TEMPLATE_PATH}>
                            {t('cert.template')}
                          </Typography.Link>
                        </Flex>
                      }
                      rules={[{ required: true, message: t('cert.fileRequired') }]}
                    >
                      <DocumentUpload
                        testId="cert-authorisation-upload"
                        upload={(file) => uploadCertificationFile(file, 'authorisation_letter')}
                      />
                    </Form.Item>
                  </Col>
                </Row>
                <Button type="primary" htmlType="submit" loading={busy} data-testid="cert-submit">
                  {resubmitting ? t('cert.resubmit') : t('cert.submit')}
                </Button>
              </Form>
            </Card>
          ) : null}
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('cert.history')}>
            {certification && certification.rounds.length > 0 ? (
              <RoundHistory certification={certification} />
            ) : (
              <Typography.Text type="secondary">{t('cert.status.none')}</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
