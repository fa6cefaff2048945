export {
  startS3Server,
  type PendingMultipartUpload,
  type S3TestServer,
  type StartS3ServerOptions,
} from './start-s3-server.js';
